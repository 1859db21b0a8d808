import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { SessionManager } from '../src/sessions.js';
import { fixture, KEY, quietLog } from './helpers.js';

// The webhook payloads a session sends for Baileys' events, from the socket's event names on:
// each recorded event is emitted as Baileys emits it and the `contacts.batch` data is read back.

let dataDir;
let sessions;
let socket;
let sent;

beforeEach(async () => {
	dataDir = await mkdtemp(join(tmpdir(), 'wa-gateway-payloads-'));
	sent = [];
	sessions = new SessionManager({
		dataDir, key: KEY, log: quietLog, flushDelayMs: 60_000,
		delivery: { send: (staffId, type, data) => sent.push({ type, data }) },
		createSocket: () => {
			socket = Object.assign(new EventEmitter(), { end() {} });
			socket.ev = socket;
			return socket;
		},
	});
	await sessions.start('7');
});

afterEach(async () => {
	await sessions.close();
	await rm(dataDir, { recursive: true, force: true });
});

/** Emits the events, flushes, and returns the contacts.batch data sent. */
function batches(...events) {
	sent.length = 0;
	for (const [name, payload] of events) {
		socket.ev.emit(name, payload);
	}
	sessions.flush(sessions.sessions.get('7'));
	return sent.filter((message) => message.type === 'contacts.batch').map((message) => message.data);
}

describe('contacts.batch payloads', () => {
	test('6.7.24: a LID-only sender is sent with its push name; phoneNumberShare then sends its number and the mapping', () => {
		const [first] = batches(['messages.upsert', fixture('messages-upsert.json')]);
		assert.deepEqual(first.contacts.find((contact) => contact.lid === '100000000000008@lid'),
			{ jid: null, phone: null, lid: '100000000000008@lid', name: null, notify: 'Tanpa Nomor Juga', verifiedName: null });

		const [second] = batches(['chats.phoneNumberShare', fixture('chats-phone-number-share.json')]);
		assert.deepEqual(second, {
			staffId: '7',
			contacts: [{ jid: '6281200000008@s.whatsapp.net', phone: '6281200000008', lid: '100000000000008@lid', name: null, notify: 'Tanpa Nomor Juga', verifiedName: null }],
			mappings: [{ lid: '100000000000008@lid', jid: '6281200000008@s.whatsapp.net', phone: '6281200000008' }],
			withoutPhone: 0,
		});
	});

	test('7.x: every recorded event; a LID-only contact mapped before the flush is sent once, by its number', () => {
		const v7 = (name) => fixture(`7.0.0-rc13/${name}`);
		const [batch] = batches(
			['messaging-history.set', v7('messaging-history-set.json')],
			['messaging-history.set', v7('messaging-history-set-push-names.json')],
			['contacts.upsert', v7('contacts-upsert.json')],
			['contacts.update', v7('contacts-update.json')],
			['messages.upsert', v7('messages-upsert.json')],
			...v7('lid-mapping-update.json').map((event) => ['lid-mapping.update', event]),
		);

		const ids = batch.contacts.map((contact) => contact.phone || contact.lid).sort();
		assert.deepEqual(ids, [
			'100000000000014@lid', '100000000000016@lid', '100000000000017@lid', '100000000000026@lid',
			'6281200000011', '6281200000012', '6281200000013', '6281200000018', '6281200000019', '6281200000020', '6281200000024', '6281200000025',
		]);
		assert.deepEqual(batch.contacts.find((contact) => contact.phone === '6281200000013'),
			{ jid: '6281200000013@s.whatsapp.net', phone: '6281200000013', lid: '100000000000013@lid', name: 'Citra Dewi', notify: 'Citra', verifiedName: null });
		assert.equal(batch.mappings.length, 11);
		assert.ok(batch.mappings.every((mapping) => /^[0-9]+@lid$/.test(mapping.lid) && mapping.jid === `${mapping.phone}@s.whatsapp.net`));
		assert.equal(batch.withoutPhone, 1, 'the LID seen only in a picture change');
	});

	test('resync sends every contact and every mapping, at most 1,000 of each per batch', async () => {
		sessions.sessions.get('7').state = 'linked';
		const mappings = Array.from({ length: 2100 }, (_, i) => ({ lid: `${200000000000000 + i}@lid`, pn: `62814${String(i).padStart(8, '0')}@s.whatsapp.net` }));
		for (const mapping of mappings) {
			socket.ev.emit('lid-mapping.update', mapping);
		}
		socket.ev.emit('contacts.upsert', [{ id: '100000000000019@lid', name: 'Gilang' }]);
		sent.length = 0;

		assert.deepEqual(await sessions.resync('7', 'run-1'), { staffId: '7', contacts: 1, batches: 3 });
		const resent = sent.map((message) => message.data).filter((data) => data.resync);
		assert.deepEqual(resent.map((data) => [data.resync.batch, data.contacts.length, data.mappings.length]), [[1, 1, 1000], [2, 0, 1000], [3, 0, 100]]);
		assert.deepEqual(resent.map((data) => data.resync.batches), [3, 3, 3]);
	});
});
