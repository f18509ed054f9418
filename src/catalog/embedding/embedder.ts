/**
 * Turns texts into vectors for the products' `embedding` column and for search queries. Implementations: the
 * OpenAI (or compatible) embeddings API, and the built-in local embedder used when no OPENAI_API_KEY is set.
 * `model` is stored next to each vector so a change of model is detected.
 */
export abstract class Embedder {
  abstract readonly model: string;
  abstract readonly dimensions: number;

  /** Embeds many texts (documents); batching and retries are the implementation's business. */
  abstract embed(texts: string[]): Promise<number[][]>;

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embed([text]);
    return vector;
  }
}
