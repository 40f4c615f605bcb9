import { startFakeServer, type FakeServer } from './fake-server.ts';

export interface FakeListing {
  protocol: string;
  reference: string;
  body: Record<string, unknown>;
  status: 'listed' | 'removed';
  removalReason?: string;
}

export interface FakeBureau extends FakeServer {
  token: string;
  /** Listings by protocol, as the bureau sees them. */
  listings: Map<string, FakeListing>;
  /** Answer removal requests with 503 while true (listing requests still succeed). */
  failRemovals: boolean;
}

/** A local credit bureau speaking the generic JSON API of src/adapters/bureau/http-credit-bureau.ts. */
export async function startFakeBureau(token = 'bureau-test-token'): Promise<FakeBureau> {
  const listings = new Map<string, FakeListing>();
  const byReference = new Map<string, string>();
  const state = { failRemovals: false };
  const server = await startFakeServer((request) => {
    if (request.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: { code: 'unauthorized', message: 'bad token' } } };
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    if (request.method === 'POST' && request.path === '/v1/listings') {
      const reference = String(request.headers['idempotency-key'] ?? '');
      const seen = byReference.get(reference);
      if (seen) return { status: 200, body: { protocol: seen, status: 'listed' } };
      const protocol = `NEG-${String(listings.size + 1).padStart(6, '0')}`;
      listings.set(protocol, { protocol, reference, body, status: 'listed' });
      byReference.set(reference, protocol);
      return { status: 201, body: { protocol, status: 'listed' } };
    }
    const removal = /^\/v1\/listings\/([^/]+)\/removal$/.exec(request.path);
    if (request.method === 'POST' && removal) {
      if (state.failRemovals) return { status: 503, body: { error: { code: 'unavailable', message: 'maintenance window' } } };
      const listing = listings.get(decodeURIComponent(removal[1]!));
      if (!listing) return { status: 404, body: { error: { code: 'listing_not_found', message: 'no such protocol' } } };
      listing.status = 'removed';
      listing.removalReason = String(body.reason);
      return { status: 200, body: { protocol: listing.protocol, status: 'removed' } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: `${request.method} ${request.path}` } } };
  });
  return {
    ...server,
    token,
    listings,
    get failRemovals() {
      return state.failRemovals;
    },
    set failRemovals(value: boolean) {
      state.failRemovals = value;
    },
  };
}
