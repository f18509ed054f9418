import type { LiveProductDetails, LiveVariation } from '../../catalog/catalog.types';
import { fold } from '../../common/text/fold';
import type { Language } from '../../common/text/language';
import { formatPrice } from '../reply-templates';
import type { StoreProfile } from '../store-profile';

/**
 * The offline assistant's sentences around products, in Spanish and English (every wrapper in the
 * customer's language). Store facts come only from the profile; when it lacks one, a person is offered instead.
 */
export type PolicyTopic = 'hours' | 'address' | 'delivery' | 'payment' | 'warranty';

const TOPIC_NAMES: Record<PolicyTopic, [string, string]> = {
  hours: ['Horario', 'Opening hours'],
  address: ['Dirección', 'Address'],
  delivery: ['Delivery y envíos', 'Delivery'],
  payment: ['Formas de pago', 'Payment methods'],
  warranty: ['Garantía', 'Warranty'],
};

/** The profile's text for a topic, or null when the store did not give it. */
export function policyText(profile: StoreProfile, topic: PolicyTopic): string | null {
  switch (topic) {
    case 'hours':
      return profile.hours;
    case 'address':
      return profile.address;
    case 'delivery':
      return profile.delivery;
    case 'payment':
      return profile.paymentMethods.length ? profile.paymentMethods.join(', ') : null;
    case 'warranty':
      return profile.warranty;
  }
}

export function policyLine(topic: PolicyTopic, text: string, lang: Language): string {
  return `*${TOPIC_NAMES[topic][lang === 'es' ? 0 : 1]}:* ${text}`;
}

/** What the customer hears when the profile does not answer: a person will, and the agents get a note. */
export function unknownPolicyText(topics: PolicyTopic[], lang: Language): string {
  const names = topics.map((t) => TOPIC_NAMES[t][lang === 'es' ? 0 : 1].toLowerCase()).join(', ');
  return lang === 'es'
    ? `No tengo esa información (${names}) a la mano. Le pasé tu pregunta a una persona de nuestro equipo, que te responderá por aquí. Mientras tanto, ¿te ayudo con algún producto?`
    : `I don't have that information (${names}) at hand. I passed your question to a person from our team, who will answer you here. Meanwhile, can I help you with a product?`;
}

export function unknownPolicyNote(topics: PolicyTopic[]): string {
  return `The customer asked about ${topics.join(', ')}, which the store profile does not state. Please answer them.`;
}

export function greetingText(profile: StoreProfile, lang: Language, name: string | null): string {
  const who = name ? ` ${name}` : '';
  if (!profile.storeName) {
    return lang === 'es'
      ? `¡Hola${who}! Soy el asistente virtual de la tienda. ¿Qué producto estás buscando?`
      : `Hi${who}! I'm the store's virtual assistant. What product are you looking for?`;
  }
  return lang === 'es'
    ? `¡Hola${who}! Bienvenido a *${profile.storeName}*. ¿Qué producto estás buscando?`
    : `Hi${who}! Welcome to *${profile.storeName}*. What product are you looking for?`;
}

export function deliveryText(profile: StoreProfile, city: string | null, lang: Language): string | null {
  if (!profile.delivery) return null;
  const place = city ? city.replace(/\b[a-z]/g, (c) => c.toUpperCase()) : null;
  const head =
    lang === 'es' ? `Envíos${place ? ` a ${place}` : ''}` : `Delivery${place ? ` to ${place}` : ''}`;
  return `*${head}:* ${profile.delivery}`;
}

export function whichOneText(count: number, lang: Language): string {
  return lang === 'es'
    ? `¿De cuál de las opciones me hablas? Respóndeme con el número (1 a ${count}).`
    : `Which of the options do you mean? Reply with its number (1 to ${count}).`;
}

export function noProductYetText(lang: Language): string {
  return lang === 'es'
    ? '¿De qué producto me hablas? Dime el nombre, la marca o el modelo y te doy el precio y la disponibilidad.'
    : 'Which product do you mean? Tell me its name, brand or model and I will give you its price and availability.';
}

/** "¿La tienen en talla L?": whether a variation carries that value, and its price and stock. */
export function variationAnswer(
  live: LiveProductDetails,
  value: string | null,
  profile: StoreProfile,
  lang: Language,
  details: string,
): string {
  const es = lang === 'es';
  if (live.variations.length === 0) {
    return `${es ? `La *${live.name}* viene en una sola versión.` : `The *${live.name}* comes in one version only.`}\n${details}`;
  }
  if (!value) return details;
  const matches: LiveVariation[] = live.variations.filter((v) =>
    Object.values(v.attributes).some((a) =>
      fold(a)
        .split(/[^a-z0-9]+/)
        .includes(value),
    ),
  );
  const label = (v: LiveVariation): string => Object.values(v.attributes).join(' ');
  if (matches.length === 0) {
    return es
      ? `No tengo la *${live.name}* en ${value.toUpperCase()}.\n${details}`
      : `I don't have the *${live.name}* in ${value.toUpperCase()}.\n${details}`;
  }
  const lines = matches.map((v) => {
    const price = v.price === null ? '' : ` — ${formatPrice(v.price, profile)}`;
    const stock =
      v.stockStatus === 'outofstock' ? (es ? 'agotada' : 'out of stock') : es ? 'disponible' : 'in stock';
    return `• ${label(v)}${price} (${stock})`;
  });
  return [
    es ? `*${live.name}* en ${value.toUpperCase()}:` : `*${live.name}* in ${value.toUpperCase()}:`,
    ...lines,
  ].join('\n');
}

/** "La quiero": link (when the profile allows), payment methods, and who confirms the order. */
export function buyText(
  live: LiveProductDetails,
  profile: StoreProfile,
  lang: Language,
): { text: string; handoff: boolean } {
  const es = lang === 'es';
  const lines = [es ? `¡Buena elección! *${live.name}*` : `Great choice! *${live.name}*`];
  if (live.price !== null) lines[0] += ` — ${formatPrice(live.price, profile)}`;
  const link = profile.productLinks ? live.permalink : null;
  if (link) lines.push(es ? `Puedes comprarla aquí: ${link}` : `You can buy it here: ${link}`);
  if (profile.paymentMethods.length) {
    lines.push(policyLine('payment', profile.paymentMethods.join(', '), lang));
  }
  if (!link && !profile.paymentMethods.length) {
    lines.push(
      es
        ? 'Te comunico con una persona de nuestro equipo para cerrar tu pedido; te responderá por aquí en breve.'
        : 'I am passing you to a person from our team to complete your order; they will answer you here shortly.',
    );
    return { text: lines.join('\n'), handoff: true };
  }
  lines.push(
    es
      ? 'Si prefieres, una persona de nuestro equipo te ayuda a cerrar el pedido: solo pídemelo.'
      : 'If you prefer, a person from our team can help you complete the order: just ask.',
  );
  return { text: lines.join('\n'), handoff: false };
}

export function honestEmptyText(query: string, categories: string[], lang: Language): string {
  const es = lang === 'es';
  const sells = categories.length
    ? es
      ? ` Lo que sí vendemos: ${categories.join(', ')}. ¿Te interesa algo de eso?`
      : ` What we do sell: ${categories.join(', ')}. Are you interested in any of those?`
    : es
      ? ' ¿Me das más detalles (marca, modelo o para qué lo necesitas)?'
      : ' Could you give me more details (brand, model or what you need it for)?';
  return es
    ? `No tenemos "${query}" en nuestro catálogo.${sells}`
    : `We don't have "${query}" in our catalog.${sells}`;
}

export function clarifyText(lang: Language, greeted: boolean): string {
  return lang === 'es'
    ? `${greeted ? '¡Hola! ' : ''}¿Qué producto buscas? Dime el tipo, la marca o el modelo y te muestro opciones con precio.`
    : `${greeted ? 'Hi! ' : ''}What product are you looking for? Tell me the type, brand or model and I'll show you options with prices.`;
}
