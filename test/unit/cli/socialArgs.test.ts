// `tx social ...` argument checks: each action builds the message the chain expects, and every
// mistake is a CliError with a message that names it, before any key or node is touched.
import { CliError } from '../../../src/cli/common.js';
import { prepareSocialTx, tipAmountArg } from '../../../src/cli/social.js';

const alice = 'seed1hgyky5qlyp4y2tya7rn6v6sjcmmxuwdm4achag';
const bob = 'seed1cflcqw6jgg70pt90e970ueljdqdxf582nsgcwt';

function fails(action: string, argv: string[], pattern: RegExp, code = 'CLI_BAD_ARGS'): void {
  let err: unknown;
  try {
    prepareSocialTx(action, argv);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CliError);
  expect((err as CliError).code).toBe(code);
  expect((err as CliError).message).toMatch(pattern);
}

describe('tx social messages', () => {
  test('react and unreact carry the card, the kind and the signer', () => {
    const react = prepareSocialTx('react', ['12', 'fire', '--from', 'bob']);
    expect(react.from).toBe('bob');
    expect(react.build(bob)).toEqual([{ typeUrl: '/seedcast.social.v1.MsgReact', value: { reactor: bob, cardId: 12n, kind: 'fire' } }]);
    const custom = prepareSocialTx('unreact', ['3', ':party_parrot:', '--from', 'bob', '--yes']);
    expect(custom.build(bob)).toEqual([{ typeUrl: '/seedcast.social.v1.MsgUnreact', value: { reactor: bob, cardId: 3n, kind: ':party_parrot:' } }]);
    expect(custom.values.yes).toBe(true);
  });

  test('follow, unfollow, tip, view', () => {
    expect(prepareSocialTx('follow', [alice, '--from', 'bob']).build(bob)).toEqual([{ typeUrl: '/seedcast.social.v1.MsgFollow', value: { follower: bob, followee: alice } }]);
    expect(prepareSocialTx('unfollow', [alice, '--from', 'bob']).build(bob)[0]!.typeUrl).toBe('/seedcast.social.v1.MsgUnfollow');
    expect(prepareSocialTx('tip', ['7', '1000useed', '--from', 'bob', '--fees', '5000useed']).build(bob)).toEqual([
      { typeUrl: '/seedcast.social.v1.MsgTip', value: { tipper: bob, cardId: 7n, amount: { denom: 'useed', amount: '1000' } } },
    ]);
    expect(prepareSocialTx('view', ['7', '--from', 'bob', '--output', 'json']).output).toBe('json');
    expect(prepareSocialTx('view', ['7', '--from', 'bob']).build(bob)).toEqual([{ typeUrl: '/seedcast.social.v1.MsgView', value: { viewer: bob, cardId: 7n } }]);
  });

  test('comment is a text post with the card as parent', () => {
    const [m] = prepareSocialTx('comment', ['5', '--body', 'Great film\nreally', '--title', 'Re', '--tags', 'film, indie', '--from', 'bob']).build(bob);
    expect(m!.typeUrl).toBe('/seedcast.content.v1.MsgPublishCard');
    expect(m!.value).toMatchObject({ creator: bob, parentId: 5n, body: 'Great film\nreally', title: 'Re', tags: ['film', 'indie'], size: 0n, mimeType: '' });
    expect((m!.value as { contentId: Uint8Array }).contentId).toHaveLength(0);
  });

  test('post is a top-level text post; it takes no card id and needs a body', () => {
    const [m] = prepareSocialTx('post', ['--body', 'Hello', '--tags', 'film', '--from', 'bob']).build(bob);
    expect(m!.value).toMatchObject({ creator: bob, parentId: 0n, body: 'Hello', tags: ['film'] });
    expect(() => prepareSocialTx('post', ['7', '--body', 'Hello', '--from', 'bob'])).toThrow(/unexpected argument "7"/);
    expect(() => prepareSocialTx('post', ['--from', 'bob'])).toThrow(/tx social post: --body TEXT is required/);
  });
});

describe('tx social bad input', () => {
  test('unknown action, missing or extra arguments, missing --from', () => {
    fails('poke', ['1'], /unknown command "tx social poke"/);
    fails('react', ['1', '--from', 'bob'], /missing KIND/);
    fails('view', ['1', '2', '--from', 'bob'], /unexpected argument "2"/);
    fails('view', ['1'], /--from KEY is required/);
    fails('view', ['1', '--from', 'bob', '--bogus'], /Unknown option '--bogus'/);
  });

  test('card ids, kinds and addresses', () => {
    fails('react', ['0', 'like', '--from', 'bob'], /card id \(a positive integer\), got "0"/);
    fails('react', ['abc', 'like', '--from', 'bob'], /got "abc"/);
    fails('view', ['18446744073709551616', '--from', 'bob'], /card id/);
    fails('react', ['1', 'meh', '--from', 'bob'], /reaction kind must be one of like, love.*got "meh"/);
    fails('react', ['1', ':Caps:', '--from', 'bob'], /:shortcode:/);
    fails('react', ['1', `:${'a'.repeat(33)}:`, '--from', 'bob'], /:shortcode:/);
    fails('follow', ['seed1nope', '--from', 'bob'], /"seed1nope" is not a seed1\.\.\. address/, 'CLI_BAD_ADDRESS');
    fails('follow', ['cosmos1cflcqw6jgg70pt90e970ueljdqdxf582nsgcwt', '--from', 'bob'], /not a seed1/, 'CLI_BAD_ADDRESS');
  });

  test('following oneself is refused once the signer is known', () => {
    const tx = prepareSocialTx('follow', [bob, '--from', 'bob']);
    expect(() => tx.build(bob)).toThrow(/cannot follow itself/);
    expect(() => prepareSocialTx('unfollow', [bob, '--from', 'bob']).build(bob)).toThrow(/cannot unfollow itself/);
  });

  test('tips must be one positive amount of useed', () => {
    fails('tip', ['1', '0useed', '--from', 'bob'], /must be positive/, 'CLI_BAD_COINS');
    fails('tip', ['1', '0', '--from', 'bob'], /must be positive/, 'CLI_BAD_COINS');
    fails('tip', ['1', '-5useed', '--from', 'bob'], /must be positive, got "-5useed"/, 'CLI_BAD_COINS');
    fails('tip', ['1', '5uatom', '--from', 'bob'], /one amount of useed/, 'CLI_BAD_COINS');
    fails('tip', ['1', '5useed,6uatom', '--from', 'bob'], /one amount of useed/, 'CLI_BAD_COINS');
    fails('tip', ['1', 'lots', '--from', 'bob'], /invalid amount "lots"/, 'CLI_BAD_COINS');
    fails('tip', ['1', '1.5useed', '--from', 'bob'], /invalid amount/, 'CLI_BAD_COINS');
    expect(tipAmountArg('100000useed')).toEqual({ denom: 'useed', amount: '100000' });
  });

  test('comments: body required, size, tags and control characters', () => {
    fails('comment', ['1', '--from', 'bob'], /--body TEXT is required/);
    fails('comment', ['1', '--body', '   ', '--from', 'bob'], /--body TEXT is required/);
    fails('comment', ['1', '--body', 'x'.repeat(20_001), '--from', 'bob'], /--body has 20001 characters, at most 20000/);
    fails('comment', ['1', '--body', 'hi', '--title', 't'.repeat(201), '--from', 'bob'], /--title has 201 characters, at most 200/);
    fails('comment', ['1', '--body', 'hi', '--title', 'a\nb', '--from', 'bob'], /--title must not contain control characters/);
    fails('comment', ['1', '--body', 'bell\u0007', '--from', 'bob'], /--body must not contain control characters/);
    fails('comment', ['1', '--body', 'hi', '--tags', Array.from({ length: 11 }, (_, i) => `t${i}`).join(','), '--from', 'bob'], /--tags has 11 tags, at most 10/);
    fails('comment', ['1', '--body', 'hi', '--tags', 'Film', '--from', 'bob'], /tag "Film" must be 1-32 characters/);
    fails('comment', ['1', '--body', 'hi', '--tags', 'a,a', '--from', 'bob'], /a tag twice/);
    // Exactly at the limit is fine.
    expect(() => prepareSocialTx('comment', ['1', '--body', 'x'.repeat(20_000), '--from', 'bob'])).not.toThrow();
  });
});
