import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createControlServer } from '../src/control-api.js';
import { SessionManager } from '../src/sessions.js';
import { sign, WebhookDelivery } from '../src/webhooks.js';
import { eventually, fixture, KEY, quietLog, SECRET, startReceiver } from './helpers.js';

const TOKEN = 'fake-gateway-token';

/** Plays Baileys' socket: the test emits the events WhatsApp's servers would cause. */
class FakeSocket {
	constructor(auth) {
		this.auth = auth;
		this.ev = new EventEmitter();
		this.loggedOut = false;
		this.ended = false;
	}

	async logout() {
		this.loggedOut = true;
	}

	end() {
		this.ended = true;
	}

	/** What Baileys does once the phone has scanned the QR and the device is registered. */
	link(phone, name) {
		this.auth.creds.registered = true;
		this.ev.emit('creds.update', { registered: true });
		this.user = { id: `${phone}:7@s.whatsapp.net`, name };
		this.ev.emit('connection.update', { connection: 'open' });
	}
}

let receiver;
let dataDir;
let sockets;
let sessions;
let server;
let base;

async function startGateway() {
	sockets = [];
	const delivery = new WebhookDelivery({ url: receiver.url, secret: SECRET, log: quietLog, initialDelayMs: 5 });
	sessions = new SessionManager({
		dataDir, key: KEY, delivery, log: quietLog, flushDelayMs: 20, reconnectDelayMs: 5,
		createSocket: (auth) => {
			const socket = new FakeSocket(auth);
			sockets.push(socket);
			return socket;
		},
	});
	server = createControlServer({ token: TOKEN, sessions, log: quietLog });
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${server.address().port}`;
	return delivery;
}

async function stopGateway() {
	await sessions.close();
	await new Promise((resolve) => server.close(resolve));
}

function call(method, path, body, token = TOKEN) {
	return fetch(base + path, {
		method,
		headers: token ? { authorization: `Bearer ${token}` } : {},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
}

async function sessionDirectories() {
	return readdir(join(dataDir, 'sessions')).catch((error) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
}

const events = (type) => receiver.received.filter((entry) => entry.json.type === type).map((entry) => entry.json.data);

beforeEach(async () => {
	receiver = await startReceiver();
	dataDir = await mkdtemp(join(tmpdir(), 'wa-gateway-api-'));
	await startGateway();
});

afterEach(async () => {
	await stopGateway();
	await receiver.close();
	await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('control API', () => {
	test('/health answers without a token and without any WhatsApp connection', async () => {
		const response = await call('GET', '/health', undefined, null);
		assert.equal(response.status, 200);
		assert.deepEqual(await response.json(), { status: 'UP' });
		assert.equal(sockets.length, 0);
	});

	test('every other call needs the bearer token', async () => {
		for (const [method, path] of [['POST', '/sessions/7'], ['DELETE', '/sessions/7'], ['POST', '/sessions/7/resync'], ['GET', '/sessions/7']]) {
			assert.equal((await call(method, path, undefined, null)).status, 401, `${method} ${path} without a token`);
			assert.equal((await call(method, path, undefined, 'wrong-token')).status, 401, `${method} ${path} with a wrong token`);
		}
		assert.equal(sockets.length, 0);
	});

	test('bad staff ids and malformed bodies are refused', async () => {
		assert.equal((await call('POST', '/sessions/..%2Fetc')).status, 400);
		assert.equal((await call('POST', '/sessions/7/resync', '{not json')).status, 400);
		assert.equal((await call('POST', '/nothing/here')).status, 404);
	});

	test('link: the QR goes to the CRM, then "linked" with the phone and name', async () => {
		const response = await call('POST', '/sessions/7');
		assert.equal(response.status, 202);
		assert.equal(sockets.length, 1);

		sockets[0].ev.emit('connection.update', { qr: 'fake-qr-1' });
		sockets[0].ev.emit('connection.update', { qr: 'fake-qr-2' });
		sockets[0].link('6281200000100', 'Staff Tujuh');

		await eventually(() => assert.equal(receiver.received.length, 3));
		assert.deepEqual(events('session.status'), [
			{ staffId: '7', state: 'qr', qr: 'fake-qr-1' },
			{ staffId: '7', state: 'qr', qr: 'fake-qr-2' },
			{ staffId: '7', state: 'linked', phone: '6281200000100', name: 'Staff Tujuh' },
		]);
		for (const { headers, body } of receiver.received) {
			assert.equal(headers['webhook-signature'], sign(SECRET, headers['webhook-id'], headers['webhook-timestamp'], body));
		}
		assert.equal((await (await call('GET', '/sessions/7')).json()).state, 'linked');
	});

	test('contacts from the recorded events arrive as contacts.batch; resync sends the whole store again', async () => {
		await call('POST', '/sessions/7');
		const socket = sockets[0];
		socket.link('6281200000100', 'Staff Tujuh');
		socket.ev.emit('messaging-history.set', fixture('messaging-history-set.json'));
		socket.ev.emit('contacts.upsert', fixture('contacts-upsert.json'));
		socket.ev.emit('messages.upsert', fixture('messages-upsert.json'));

		await eventually(() => assert.equal(events('contacts.batch').length, 1));
		const [batch] = events('contacts.batch');
		assert.equal(batch.staffId, '7');
		assert.equal(batch.contacts.length, 10, 'eight with a number, two known only by their LID');
		assert.equal(batch.withoutPhone, 0);
		assert.deepEqual(batch.contacts.find((contact) => contact.phone === '6281200000001'),
			{ jid: '6281200000001@s.whatsapp.net', phone: '6281200000001', lid: null, name: 'Budi Santoso', notify: 'Budi S', verifiedName: null });
		assert.deepEqual(batch.contacts.find((contact) => contact.lid === '100000000000008@lid'),
			{ jid: null, phone: null, lid: '100000000000008@lid', name: null, notify: 'Tanpa Nomor Juga', verifiedName: null });
		assert.deepEqual(batch.mappings.map((mapping) => mapping.lid).sort(),
			['100000000000002@lid', '100000000000005@lid', '100000000000007@lid', '100000000000009@lid', '100000000000010@lid']);
		assert.deepEqual(batch.mappings.find((mapping) => mapping.lid === '100000000000002@lid'),
			{ lid: '100000000000002@lid', jid: '6281200000002@s.whatsapp.net', phone: '6281200000002' });

		const resync = await call('POST', '/sessions/7/resync', { requestId: 'run-42' });
		assert.equal(resync.status, 202);
		assert.deepEqual(await resync.json(), { staffId: '7', contacts: 10, batches: 1 });
		await eventually(() => assert.equal(events('contacts.batch').length, 2));
		const again = events('contacts.batch')[1];
		assert.deepEqual(again.resync, { requestId: 'run-42', batch: 1, batches: 1 });
		assert.equal(again.contacts.length, 10);
		assert.equal(again.mappings.length, 5);
	});

	test('a large store is resent in batches of at most 1,000, in order', async () => {
		await call('POST', '/sessions/7');
		sockets[0].link('6281200000100', 'Staff Tujuh');
		const many = Array.from({ length: 2500 }, (_, i) => ({ id: `62813${String(i).padStart(8, '0')}@s.whatsapp.net`, name: `Kontak ${i}` }));
		sockets[0].ev.emit('contacts.upsert', many);
		await eventually(() => assert.equal(events('contacts.batch').reduce((sum, b) => sum + b.contacts.length, 0), 2500));

		const response = await (await call('POST', '/sessions/7/resync', {})).json();
		assert.equal(response.batches, 3);
		await eventually(() => assert.equal(events('contacts.batch').filter((b) => b.resync).length, 3));
		const resent = events('contacts.batch').filter((b) => b.resync);
		assert.deepEqual(resent.map((b) => [b.resync.batch, b.contacts.length]), [[1, 1000], [2, 1000], [3, 500]]);
	});

	test('resync of a staff member who is not linked is a 409', async () => {
		assert.equal((await call('POST', '/sessions/8/resync')).status, 409);
		await call('POST', '/sessions/8');
		sockets[0].ev.emit('connection.update', { qr: 'fake-qr' });
		assert.equal((await call('POST', '/sessions/8/resync')).status, 409);
	});

	test('unlink logs the device out, deletes its state and reports logged_out', async () => {
		await call('POST', '/sessions/7');
		sockets[0].link('6281200000100', 'Staff Tujuh');
		await eventually(() => assert.equal(events('session.status').length, 1));

		assert.equal((await call('DELETE', '/sessions/7')).status, 204);
		assert.equal(sockets[0].loggedOut, true);
		assert.deepEqual(await sessionDirectories(), []);
		await eventually(() => assert.deepEqual(events('session.status').at(-1), { staffId: '7', state: 'logged_out', reason: 'unlinked' }));
	});

	test('logged out from the phone: the state is dropped and reported', async () => {
		await call('POST', '/sessions/7');
		sockets[0].link('6281200000100', 'Staff Tujuh');
		sockets[0].ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: { output: { statusCode: 401 } } } });
		await eventually(() => assert.deepEqual(events('session.status').at(-1), { staffId: '7', state: 'logged_out', reason: 'logged_out' }));
		assert.deepEqual(await sessionDirectories(), []);
		assert.equal((await (await call('GET', '/sessions/7')).json()).state, 'none');
	});

	test('a transient close reconnects with the same credentials', async () => {
		await call('POST', '/sessions/7');
		sockets[0].link('6281200000100', 'Staff Tujuh');
		sockets[0].ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: { output: { statusCode: 428 } } } });
		await eventually(() => assert.equal(sockets.length, 2));
		assert.equal(sockets[1].auth.creds.registered, true);
	});

	test('a QR nobody scanned ends as an error, not an endless loop', async () => {
		await call('POST', '/sessions/7');
		sockets[0].ev.emit('connection.update', { qr: 'fake-qr' });
		sockets[0].ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: { output: { statusCode: 408 } } } });
		await eventually(() => assert.deepEqual(events('session.status').at(-1), { staffId: '7', state: 'error', reason: 'qr_expired' }));
		assert.equal(sockets.length, 1);
	});

	test('a linked device and its contacts are restored when the gateway restarts', async () => {
		await call('POST', '/sessions/7');
		sockets[0].link('6281200000100', 'Staff Tujuh');
		sockets[0].ev.emit('contacts.upsert', fixture('contacts-upsert.json'));
		await eventually(() => assert.equal(events('contacts.batch').length, 1));
		await stopGateway();

		await startGateway();
		await sessions.restore();
		assert.equal(sockets.length, 1);
		assert.equal(sockets[0].auth.creds.registered, true);
		sockets[0].link('6281200000100', 'Staff Tujuh');
		const response = await (await call('POST', '/sessions/7/resync', {})).json();
		assert.equal(response.contacts, 2, 'the phone contact and the one known only by its LID');
	});
});
