import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { sign, WebhookDelivery } from '../src/webhooks.js';
import { eventually, quietLog, SECRET, startReceiver } from './helpers.js';

let receiver;
afterEach(() => receiver?.close());

function delivery(url, options = {}) {
	return new WebhookDelivery({ url, secret: SECRET, log: quietLog, initialDelayMs: 5, maxDelayMs: 20, ...options });
}

describe('Standard Webhooks signing', () => {
	test('matches the reference vector of the Standard Webhooks specification', () => {
		assert.equal(sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', '{"test": 2432232314}'),
			'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
	});

	test('a secret without the whsec_ prefix is used as its UTF-8 bytes', () => {
		assert.notEqual(sign('plain-secret', 'msg_1', '1', '{}'), sign('whsec_cGxhaW4tc2VjcmV0', 'msg_2', '1', '{}'));
		assert.equal(sign('plain-secret', 'msg_1', '1', '{}'), sign('whsec_cGxhaW4tc2VjcmV0', 'msg_1', '1', '{}'));
	});
});

describe('delivery', () => {
	test('sends a signed Standard Webhooks envelope', async () => {
		receiver = await startReceiver();
		assert.equal(await delivery(receiver.url).send('7', 'session.status', { staffId: '7', state: 'qr', qr: 'fake-qr' }), true);

		const [{ headers, body, json }] = receiver.received;
		assert.match(headers['webhook-id'], /^msg_/);
		assert.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 5);
		assert.equal(headers['webhook-signature'], sign(SECRET, headers['webhook-id'], headers['webhook-timestamp'], body));
		assert.equal(json.type, 'session.status');
		assert.ok(!Number.isNaN(Date.parse(json.timestamp)));
		assert.deepEqual(json.data, { staffId: '7', state: 'qr', qr: 'fake-qr' });
	});

	test('retries a failed delivery with the same id and holds the staff member\'s later events until it succeeds', async () => {
		receiver = await startReceiver((entry, n) => (n <= 2 ? 503 : 200));
		const webhooks = delivery(receiver.url);
		const first = webhooks.send('7', 'contacts.batch', { n: 1 });
		const second = webhooks.send('7', 'contacts.batch', { n: 2 });
		assert.deepEqual(await Promise.all([first, second]), [true, true]);

		const ids = receiver.received.map((entry) => entry.headers['webhook-id']);
		assert.deepEqual(receiver.received.map((entry) => entry.json.data.n), [1, 1, 1, 2]);
		assert.equal(new Set(ids.slice(0, 3)).size, 1, 'retries keep the webhook id');
		assert.notEqual(ids[3], ids[0]);
		for (const { headers, body } of receiver.received) {
			assert.equal(headers['webhook-signature'], sign(SECRET, headers['webhook-id'], headers['webhook-timestamp'], body));
		}
	});

	test('backs off exponentially, honouring Retry-After', async () => {
		receiver = await startReceiver((entry, n) => (n <= 3 ? 500 : 200));
		const waits = [];
		const webhooks = delivery(receiver.url, { initialDelayMs: 100, maxDelayMs: 300, sleep: async (ms) => waits.push(ms) });
		await webhooks.send('7', 'contacts.batch', {});
		assert.deepEqual(waits, [100, 200, 300]);
	});

	test('a rejected event (4xx) is not retried and does not block the next one', async () => {
		receiver = await startReceiver((entry) => (entry.json.data.n === 1 ? 400 : 200));
		const webhooks = delivery(receiver.url);
		assert.deepEqual(await Promise.all([webhooks.send('7', 'contacts.batch', { n: 1 }), webhooks.send('7', 'contacts.batch', { n: 2 })]),
			[false, true]);
		assert.equal(receiver.received.length, 2);
	});

	test('gives up after the last attempt when the CRM cannot be reached', async () => {
		const webhooks = delivery('http://127.0.0.1:9/api/whatsapp/events', { maxAttempts: 3, timeoutMs: 1000 });
		assert.equal(await webhooks.send('7', 'contacts.batch', {}), false);
	});

	test('staff members have their own queues', async () => {
		let release;
		const held = new Promise((resolve) => { release = resolve; });
		receiver = await startReceiver(() => 200);
		const webhooks = delivery(receiver.url, {
			fetch: async (url, init) => {
				if (JSON.parse(init.body).data.staffId === '1') {
					await held;
				}
				return fetch(url, init);
			},
		});
		const slow = webhooks.send('1', 'contacts.batch', { staffId: '1' });
		await webhooks.send('2', 'contacts.batch', { staffId: '2' });
		await eventually(() => assert.equal(receiver.received.length, 1));
		release();
		await slow;
		assert.deepEqual(receiver.received.map((entry) => entry.json.data.staffId), ['2', '1']);
	});
});
