// Sends one person's cross-channel story through the official Segment and RudderStack Node
// clients, unchanged: only their host points at omnihub. Exits non-zero when a client reports
// a delivery error. Usage: node send.mjs HOST SEGMENT_WRITE_KEY RUDDER_WRITE_KEY RUN PHONE
import { Analytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';

const [host, segmentKey, rudderKey, run, phone] = process.argv.slice(2);
if (!phone) {
  console.error('usage: node send.mjs HOST SEGMENT_WRITE_KEY RUDDER_WRITE_KEY RUN PHONE');
  process.exit(2);
}
const failures = [];

// The web shop: Segment's client. An anonymous visit, a login, a purchase.
const segment = new Analytics({ writeKey: segmentKey, host, flushAt: 3, maxRetries: 2 });
segment.on('error', (err) => failures.push(`segment: ${err.code || ''} ${err.reason || err}`));
const webAnon = `web-anon-${run}`;
const userId = `user-${run}`;
const email = `Anna.${run}@Example.com`;
segment.page({ anonymousId: webAnon, name: 'Home', properties: { path: '/' } });
segment.track({ anonymousId: webAnon, event: 'Product Viewed',
  properties: { product_id: 'sku-1', sku: 'SKU-1', price: 249.99, currency: 'PLN' } });
segment.identify({ userId, anonymousId: webAnon, traits: { email, first_name: 'Anna', last_name: 'Nowak' } });
segment.track({ userId, event: 'Order Completed', properties: {
  order_id: `ord-${run}`, revenue: 249.99, currency: 'PLN',
  products: [{ product_id: 'sku-1', sku: 'SKU-1', price: 249.99, quantity: 1 }] } });
await segment.closeAndFlush({ timeout: 10000 });

// The mobile app: RudderStack's client (gzip bodies labelled as a form, no timestamp, sentAt
// on every event). The same e-mail typed in the app joins the app's device to the person.
const appAnon = `app-anon-${run}`;
const rudder = new RudderAnalytics(rudderKey, {
  dataPlaneUrl: host, flushAt: 3, flushInterval: 200, retryCount: 1, logLevel: 'error',
  errorHandler: (err) => failures.push(`rudderstack: ${err && err.message ? err.message : err}`),
});
rudder.track({ anonymousId: appAnon, event: 'Product Added',
  properties: { product_id: 'sku-2', price: 99.5, quantity: 2, currency: 'PLN' } });
rudder.identify({ anonymousId: appAnon, traits: { email: email.toLowerCase(), phone } });
rudder.screen({ anonymousId: appAnon, name: 'Cart' });
await new Promise((resolve) => rudder.flush(resolve));

console.log(JSON.stringify({ webAnon, appAnon, userId, email, failures }));
process.exit(failures.length ? 1 : 0);
