// /cosmos.tx.v1beta1.Service/Simulate: runs a tx (unsigned is fine) against the check state
// and reports the gas it used; cosmjs's fee "auto" multiplies that by its gas adjustment.
import { SimulateRequest, SimulateResponse } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import type { App } from './app.js';
import { SDK, sdkError } from './errors.js';
import type { QueryHandler } from './module.js';

export function simulateQuery(app: App): QueryHandler {
  return async (req) => {
    const { txBytes } = SimulateRequest.decode(req);
    if (!txBytes || txBytes.length === 0) throw sdkError(SDK.InvalidRequest, 'empty txBytes is not allowed: invalid request');
    const { result, msgResponses } = app.simulate(txBytes);
    return SimulateResponse.encode({
      gasInfo: { gasWanted: result.gasWanted, gasUsed: result.gasUsed },
      result: {
        data: new Uint8Array(),
        log: '',
        events: result.events.map((e) => ({ type: e.type, attributes: e.attributes })),
        msgResponses,
      },
    }).finish();
  };
}
