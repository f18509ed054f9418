import { fold } from './fold';

/** The languages customers are answered in. Spanish is the store's default (Venezuela is the first market). */
export type Language = 'es' | 'en';

const EN_WORDS = new Set(
  (
    'hi hello hey the do does you have any is are what how much price please thanks thank want need looking for show me can i with and which one first second third details buy stock available good morning afternoon evening talk speak human person someone help agent to ' +
    'under below over cheap cheaper cheapest sell ship shipping deliver which sizes size colors that this it another brand other ' +
    'there am im looking where when open store shop buy take order my your we from will would could do'
  ).split(' '),
);
const ES_WORDS = new Set(
  (
    'hola buenas buenos tienen tienes hay el la los las que cuanto cuesta precio por favor gracias quiero busco necesito para con una un de del mas detalles cual primero primera segundo segunda tercero tercera disponible dias tardes noches me muestra muestrame y o es son hablar asesor persona ayuda ' +
    'cuanto cuanta envian llevar pueden puede barata barato baratas mas otra otro marca talla tallas colores menos hasta ' +
    'donde como venden hacen aceptan envios llevo ese esa este esta cual tiene quedan algo'
  ).split(' '),
);

/**
 * Cheap language guess from common words: Spanish punctuation or accents decide at once; otherwise the side with
 * more known words wins, and a tie (or no known word) keeps `fallback`.
 */
export function guessLanguage(text: string | null | undefined, fallback: Language = 'es'): Language {
  const raw = text ?? '';
  if (/[ñ¿¡áéíóú]/i.test(raw)) return 'es';
  const words = fold(raw).match(/[a-z]+/g) ?? [];
  let en = 0;
  let es = 0;
  for (const w of words) {
    if (EN_WORDS.has(w)) en += 1;
    if (ES_WORDS.has(w)) es += 1;
  }
  if (en > es) return 'en';
  if (es > en) return 'es';
  return fallback;
}
