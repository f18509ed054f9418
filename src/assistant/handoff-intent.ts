import { fold } from '../common/text/fold';

/**
 * Recognises a customer asking to talk to a person instead of the bot ("quiero hablar con un asesor", "talk to a
 * human"). Pure and cheap: the assistant runs it before either engine (the one place a hand-off is decided).
 */

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
