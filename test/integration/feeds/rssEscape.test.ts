// RSS text escaping on its own: markup, quotes and characters XML 1.0 cannot carry.
import { extractFromXml } from '@extractus/feed-extractor';
import { rssFeed, xmlEscape } from '../../../src/rpc/feeds/index.js';
import type { Card } from '../../../src/codec/seedcast/content.js';

describe('RSS escaping', () => {
  it('escapes markup and drops control characters', () => {
    expect(xmlEscape(`a<b>&"c'\u0001\u0008d\te\nf\u000bg`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d\te\nfg');
  });

  it('a hostile title and tag stay text for a feed reader', () => {
    const card = { id: 7n, creator: 'seed1x', title: '</title><script>x</script>\u0000', body: ']]><!-- b', tags: ['t'], createdHeight: 0n, parentId: 0n, contentId: new Uint8Array() } as unknown as Card;
    const meta = { title: 'T & <U>', description: 'd', selfBase: 'http://h/feed/tag/t', homePageUrl: 'http://h/' };
    const xml = rssFeed('http://h', meta, [{ card }], new Map());
    expect(xml).not.toContain('<script>');
    const parsed = extractFromXml(xml, { descriptionMaxLen: 1000 });
    expect(parsed.title).toBe('T & <U>');
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.entries![0]!.link).toBe('http://h/card/7.json');
    expect(xml).toContain('<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>');
  });
});
