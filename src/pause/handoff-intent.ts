/**
 * Recognises a customer asking to talk to a person instead of the bot ("quiero hablar con un asesor", "talk to a
 * human"). Pure and cheap: the reply job runs it before the assistant, and the assistant reuses it.
 */
const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

// A word that names a human on its own is enough ("agente", "humano", "operador", "asesor"); "persona"/"person"
// needs a verb of talking or being attended, since "para una persona" is also how people describe a product.
const HUMAN_WORD =
  /\b(asesor(a|es)?|agente|humano|humana|operador(a)?|representante|ejecutivo|ejecutiva|vendedor(a)?|human|agent|operator|representative)\b/;
const PERSON_WITH_VERB =
  /\b(hablar|habla|hable|comunicar|comunicarme|comunicas|comunica|comuniques|contactar|atender|atienda|atiende|pasar|pasame|pasa|pasas|pases|comuniquen|talk|speak|chat|connect|transfer)\b.{0,40}\b(persona|alguien|gente|person|someone|somebody|people|staff)\b/;
const REAL_PERSON =
  /\b(persona real|persona de verdad|ser humano|real person|live person|no (quiero|soy) (un )?bot)\b/;
// Questions about the product that mention these words are not requests ("¿el agente de limpieza es tóxico?").
const PRODUCT_CONTEXT = /\b(agente (de )?limpieza|agente antibacterial|human hair|cabello humano)\b/;

export function detectHandoffRequest(text: string): boolean {
  const t = fold(text ?? '');
  if (!t.trim() || PRODUCT_CONTEXT.test(t)) return false;
  return HUMAN_WORD.test(t) || PERSON_WITH_VERB.test(t) || REAL_PERSON.test(t);
}

const ENGLISH_HINT =
  /\b(the|you|please|want|talk|speak|human|person|someone|need|can|hello|hi|help|agent|with|to|is|are|do)\b/g;
const SPANISH_HINT =
  /\b(el|la|los|las|quiero|hablar|con|una|un|por|favor|necesito|hola|ayuda|asesor|persona|que|es|de|tienen|para)\b/g;

/** 'en' when the text reads as English, otherwise 'es' (the store's default language). */
export function guessLanguage(text: string): 'es' | 'en' {
  const t = fold(text ?? '');
  const en = t.match(ENGLISH_HINT)?.length ?? 0;
  const es = t.match(SPANISH_HINT)?.length ?? 0;
  return en > es ? 'en' : 'es';
}
