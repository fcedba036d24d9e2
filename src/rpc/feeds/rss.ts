// RSS 2.0 of a page of cards: the same items as the JSON Feed, counts in the description, every
// text escaped (and characters XML 1.0 cannot carry removed).
import { cardUrl, countsJson, previewUrl } from './cardJson.js';
import type { FeedCard, FeedMeta } from './jsonFeed.js';

// Characters XML 1.0 does not allow at all, even escaped.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const el = (name: string, text: string): string => `<${name}>${xmlEscape(text)}</${name}>`;

/** One line of counts: "3 comments, 2 views, 1 paid view, ...; reactions: like 4, fire 1". */
export function countsLine(c: ReturnType<typeof countsJson>): string {
  const n = (v: string, one: string, many: string): string => `${v} ${v === '1' ? one : many}`;
  const parts = [
    n(c.comments, 'comment', 'comments'),
    n(c.views, 'view', 'views'),
    n(c.paid_views, 'paid view', 'paid views'),
    n(c.licenses_sold, 'license sold', 'licenses sold'),
    `tips ${c.tips.amount}${c.tips.denom} from ${n(c.tippers, 'tipper', 'tippers')}`,
  ];
  const reactions = Object.entries(c.reactions).map(([k, v]) => `${k} ${v}`);
  return `${parts.join(', ')}${reactions.length > 0 ? `; reactions: ${reactions.join(', ')}` : ''}`;
}

export function rssFeed(base: string, meta: FeedMeta, items: FeedCard[], times: Map<bigint, number>): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    el('title', meta.title),
    el('link', meta.homePageUrl),
    el('description', meta.description),
    `<atom:link href="${xmlEscape(`${meta.selfBase}.xml`)}" rel="self" type="application/rss+xml"/>`,
    el('generator', 'seedcast'),
  ];
  for (const { card, stats } of items) {
    const url = cardUrl(base, card.id);
    const time = times.get(card.createdHeight);
    const description = [card.body, `[${countsLine(countsJson(stats))}]`].filter((s) => s !== '').join('\n\n');
    out.push('<item>');
    out.push(el('title', card.title || `Card ${card.id}`));
    out.push(el('link', url));
    out.push(`<guid isPermaLink="true">${xmlEscape(url)}</guid>`);
    out.push(el('description', description));
    out.push(el('dc:creator', card.creator)); // RSS's own <author> must be an e-mail address
    if (time !== undefined) out.push(el('pubDate', new Date(time).toUTCString()));
    for (const tag of card.tags) out.push(el('category', tag));
    const inline = card.preview?.inline;
    if (inline) out.push(`<enclosure url="${xmlEscape(previewUrl(base, card.id))}" length="${inline.data.length}" type="${xmlEscape(inline.mimeType)}"/>`);
    out.push('</item>');
  }
  out.push('</channel>', '</rss>', '');
  return out.join('\n');
}
