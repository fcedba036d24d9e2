// A harness for license tests: signed txs with tracked sequences, one-tx blocks, the five
// license messages, the five queries, and balances read from committed state.
import type { EncodeObject } from '@cosmjs/proto-signing';
import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci';
import { fromBech32Address } from '../../../../src/codec/address.js';
import type { PageRequest } from '../../../../src/codec/seedcast/content.js';
import {
  MsgBuyLicense,
  MsgBuyLicenseResponse,
  MsgBuyListedLicense,
  MsgDelistLicense,
  MsgListLicense,
  MsgTransferLicense,
  QueryLicenseRequest,
  QueryLicenseResponse,
  QueryLicensesByContentRequest,
  QueryLicensesByContentResponse,
  QueryLicensesByOwnerRequest,
  QueryLicensesByOwnerResponse,
  QueryListingRequest,
  QueryListingResponse,
  QueryListingsRequest,
  QueryListingsResponse,
} from '../../../../src/codec/seedcast/license.js';
import { bankKeeper } from '../../../../src/state/modules/bank/module.js';
import { licenseKeeper } from '../../../../src/state/modules/license/keeper.js';
import type { TxResult } from '../../../../src/types/abci.js';
import { makeHarness, signTx, type Harness, type Signer } from '../harness.js';

export { contentCard, contentId, publish, textCard } from '../content/fixtures.js';

export const FEE = 10_000n;
const GAS = 2_000_000n;
const useed = (amount: bigint | string) => ({ denom: 'useed', amount: amount.toString() });

export const buy = (buyer: string, cardId: bigint): EncodeObject => ({ typeUrl: MsgBuyLicense.typeUrl, value: { buyer, cardId } });
export const transfer = (owner: string, licenseId: bigint, recipient: string): EncodeObject => ({
  typeUrl: MsgTransferLicense.typeUrl,
  value: { owner, licenseId, recipient },
});
export const list = (owner: string, licenseId: bigint, price: bigint | string): EncodeObject => ({
  typeUrl: MsgListLicense.typeUrl,
  value: { owner, licenseId, price: useed(price) },
});
export const delist = (owner: string, licenseId: bigint): EncodeObject => ({ typeUrl: MsgDelistLicense.typeUrl, value: { owner, licenseId } });
export const buyListed = (buyer: string, licenseId: bigint, price: bigint | string): EncodeObject => ({
  typeUrl: MsgBuyListedLicense.typeUrl,
  value: { buyer, licenseId, price: useed(price) },
});

export class Bed {
  private readonly seq = new Map<string, number>();
  private constructor(readonly h: Harness) {}

  static async open(appState?: Record<string, unknown>): Promise<Bed> {
    return new Bed(await makeHarness(appState));
  }

  async tx(s: Signer, ...msgs: EncodeObject[]): Promise<Uint8Array> {
    const n = this.seq.get(s.address) ?? 0;
    this.seq.set(s.address, n + 1);
    return signTx(s, { sequence: n, msgs, gas: GAS, fee: FEE.toString() });
  }

  /** One block holding one tx of `s`. */
  async run(s: Signer, ...msgs: EncodeObject[]): Promise<TxResult> {
    const [r] = await this.h.commitBlock([await this.tx(s, ...msgs)]);
    return r!;
  }

  async buyOk(s: Signer, cardId: bigint): Promise<{ licenseId: bigint; number: bigint }> {
    const r = await this.run(s, buy(s.address, cardId));
    if (r.code !== 0) throw new Error(`buy failed: ${r.log}`);
    return MsgBuyLicenseResponse.decode(TxMsgData.decode(r.data).msgResponses[0]!.value);
  }

  balance(address: string): bigint {
    return bankKeeper.getBalance(this.h.state, fromBech32Address(address), 'useed');
  }

  sold(cardId: bigint): bigint {
    return licenseKeeper.soldCount(this.h.state, cardId);
  }

  private async ask(method: string, data: Uint8Array) {
    return this.h.query(`/seedcast.license.v1.Query/${method}`, data);
  }

  /** The license, or the failed query outcome. */
  async license(id: bigint) {
    const r = await this.ask('License', QueryLicenseRequest.encode({ id }));
    return r.code === 0 ? QueryLicenseResponse.decode(r.value).license : r;
  }

  async byOwner(owner: string, pagination?: Partial<PageRequest>) {
    const r = await this.ask('LicensesByOwner', QueryLicensesByOwnerRequest.encode({ owner, ...(pagination ? { pagination } : {}) }));
    if (r.code !== 0) throw new Error(r.log);
    return QueryLicensesByOwnerResponse.decode(r.value);
  }

  async byContent(contentId: Uint8Array, pagination?: Partial<PageRequest>) {
    const r = await this.ask('LicensesByContent', QueryLicensesByContentRequest.encode({ contentId, ...(pagination ? { pagination } : {}) }));
    if (r.code !== 0) throw new Error(r.log);
    return QueryLicensesByContentResponse.decode(r.value);
  }

  async listings(pagination?: Partial<PageRequest>) {
    const r = await this.ask('Listings', QueryListingsRequest.encode(pagination ? { pagination } : {}));
    if (r.code !== 0) throw new Error(r.log);
    return QueryListingsResponse.decode(r.value);
  }

  /** The listing, or undefined when the query says NotFound. */
  async listing(licenseId: bigint) {
    const r = await this.ask('Listing', QueryListingRequest.encode({ licenseId }));
    if (r.code !== 0 && /NotFound/.test(r.log)) return undefined;
    if (r.code !== 0) throw new Error(r.log);
    return QueryListingResponse.decode(r.value).listing;
  }

  close(): Promise<void> {
    return this.h.close();
  }
}
