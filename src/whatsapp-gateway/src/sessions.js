// One Baileys socket per staff member who asked to link. Started on request from the CRM,
// restored when the gateway restarts, reconnected after a transient close; a logged-out device
// has its state dropped. This code only listens: it never sends a message or a read receipt.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hasCredentials, useSealedAuthState } from './auth-state.js';
import {
	ContactStore, fromContactList, fromHistorySet, fromLidMappingUpdate, fromMessagesUpsert, fromPhoneNumberShare, phoneOf, sendable, toPhoneJid,
} from './contacts.js';
import { SealedDirectory } from './sealed-files.js';

export const BATCH_SIZE = 1000;
const STORE = 'contacts.json.enc';

// Close reasons after which reconnecting cannot help (Baileys' DisconnectReason codes).
const LOGGED_OUT = 401;
const RESTART_REQUIRED = 515;
const FINAL = new Map([[403, 'forbidden'], [411, 'multidevice_mismatch'], [440, 'connection_replaced']]);

export class NotLinkedError extends Error {}

export class SessionManager {
	constructor({ dataDir, key, delivery, createSocket, log, flushDelayMs = 1000, reconnectDelayMs = 1000, maxReconnectDelayMs = 60_000 }) {
		Object.assign(this, { dataDir, key, delivery, createSocket, log, flushDelayMs, reconnectDelayMs, maxReconnectDelayMs });
		this.sessions = new Map();
	}

	directory(staffId) {
		return new SealedDirectory(this.key, join(this.dataDir, 'sessions', staffId));
	}

	/** Starts (or re-reports) a staff member's session; the QR or "linked" follows as a webhook. */
	async start(staffId) {
		const existing = this.sessions.get(staffId);
		if (existing) {
			this.report(existing);
			return this.status(staffId);
		}
		const directory = this.directory(staffId);
		const snapshot = await directory.read(STORE);
		const session = {
			staffId,
			directory,
			store: new ContactStore(snapshot ? JSON.parse(snapshot) : undefined),
			state: 'starting',
			pending: new Set(),
			pendingLids: new Set(),
			reconnects: 0,
		};
		this.sessions.set(staffId, session);
		await this.connect(session);
		return this.status(staffId);
	}

	/** Restarts every session that has a linked device on disk. */
	async restore() {
		let names = [];
		try {
			names = await readdir(join(this.dataDir, 'sessions'));
		}
		catch (error) {
			if (error.code !== 'ENOENT') {
				throw error;
			}
		}
		for (const staffId of names) {
			try {
				if (await hasCredentials(this.directory(staffId))) {
					await this.start(staffId);
				}
			}
			catch (error) {
				this.log.error({ staffId, err: error.message }, 'could not restore a session');
			}
		}
	}

	status(staffId) {
		const session = this.sessions.get(staffId);
		if (!session) {
			return { staffId, state: 'none' };
		}
		return { staffId, state: session.state, phone: session.phone ?? null, name: session.name ?? null, contacts: session.store.size };
	}

	async connect(session) {
		// The state is read once per session: Baileys updates it in place, reconnects reuse it.
		session.auth ??= await useSealedAuthState(session.directory);
		const { state, saveCreds } = session.auth;
		session.creds = state.creds;
		const socket = this.createSocket(state);
		session.socket = socket;
		socket.ev.on('creds.update', () => saveCreds().catch((error) => this.log.error({ staffId: session.staffId, err: error.message }, 'could not save credentials')));
		socket.ev.on('connection.update', (update) => this.onConnection(session, socket, update));
		socket.ev.on('messaging-history.set', (event) => this.ingest(session, fromHistorySet(event)));
		socket.ev.on('contacts.upsert', (list) => this.ingest(session, fromContactList(list)));
		socket.ev.on('contacts.update', (list) => this.ingest(session, fromContactList(list)));
		socket.ev.on('messages.upsert', (event) => this.ingest(session, fromMessagesUpsert(event)));
		// 7.x names its LID ↔ phone mappings in this event; 6.7 only when a LID chat shares its number
		socket.ev.on('lid-mapping.update', (event) => this.ingest(session, fromLidMappingUpdate(event)));
		socket.ev.on('chats.phoneNumberShare', (event) => this.ingest(session, fromPhoneNumberShare(event)));
	}

	onConnection(session, socket, update) {
		if (session.socket !== socket || session.stopped) {
			return;
		}
		if (update.qr) {
			session.state = 'qr';
			session.qr = update.qr;
			this.report(session);
		}
		if (update.connection === 'open') {
			const jid = toPhoneJid(socket.user?.id);
			session.state = 'linked';
			session.qr = undefined;
			session.phone = jid ? phoneOf(jid) : null;
			session.name = socket.user?.name || socket.user?.verifiedName || null;
			session.reconnects = 0;
			this.log.info({ staffId: session.staffId }, 'linked');
			this.report(session);
		}
		if (update.connection === 'close') {
			this.onClose(session, update.lastDisconnect?.error);
		}
	}

	onClose(session, error) {
		const code = error?.output?.statusCode;
		session.socket = undefined;
		if (code === LOGGED_OUT) {
			this.log.info({ staffId: session.staffId }, 'logged out from the phone; dropping its state');
			this.drop(session, 'logged_out', 'logged_out').catch((err) => this.log.error({ err: err.message }, 'could not drop a session'));
			return;
		}
		if (FINAL.has(code) || (!session.creds?.registered && code !== RESTART_REQUIRED)) {
			const reason = FINAL.get(code) || (code === 408 ? 'qr_expired' : 'link_failed');
			this.log.warn({ staffId: session.staffId, code, reason }, 'session closed');
			this.fail(session, reason);
			return;
		}
		const delay = code === RESTART_REQUIRED ? 0 : Math.min(this.maxReconnectDelayMs, this.reconnectDelayMs * 2 ** session.reconnects);
		session.reconnects++;
		this.log.info({ staffId: session.staffId, code, delay }, 'connection closed; reconnecting');
		session.reconnectTimer = setTimeout(() => {
			session.reconnectTimer = undefined;
			if (!session.stopped) {
				this.connect(session).catch((err) => {
					this.log.error({ staffId: session.staffId, err: err.message }, 'reconnect failed');
					this.fail(session, 'reconnect_failed');
				});
			}
		}, delay);
	}

	fail(session, reason) {
		session.state = 'error';
		session.reason = reason;
		this.report(session);
		this.forget(session);
	}

	report(session) {
		const data = { staffId: session.staffId, state: session.state };
		if (session.state === 'qr') {
			data.qr = session.qr;
		}
		else if (session.state === 'linked') {
			data.phone = session.phone;
			data.name = session.name;
		}
		else if (session.state === 'error') {
			data.reason = session.reason;
		}
		else if (session.state !== 'logged_out') {
			return;
		}
		this.delivery.send(session.staffId, 'session.status', data);
	}

	ingest(session, learned) {
		const { contacts, mappings } = session.store.apply(learned);
		for (const contact of contacts) {
			session.pending.add(contact.jid || contact.lid);
		}
		for (const mapping of mappings) {
			session.pendingLids.add(mapping.lid);
		}
		this.saveStoreSoon(session);
		if (session.pending.size + session.pendingLids.size >= BATCH_SIZE) {
			this.flush(session);
		}
		else if (session.pending.size + session.pendingLids.size > 0 && !session.flushTimer) {
			session.flushTimer = setTimeout(() => this.flush(session), this.flushDelayMs);
		}
	}

	/**
	 * Sends the changes gathered since the last flush, in batches of at most 1,000 contacts and
	 * 1,000 mappings; a LID-only contact merged into its phone's since is sent as that one.
	 */
	flush(session) {
		clearTimeout(session.flushTimer);
		session.flushTimer = undefined;
		const contacts = [...session.pending].map((key) => session.store.get(key)).filter((record) => record && sendable(record));
		const mappings = [...session.pendingLids].map((lid) => session.store.mapping(lid));
		session.pending.clear();
		session.pendingLids.clear();
		this.sendBatches(session, contacts, mappings);
	}

	/** Sends contacts and mappings in batches; with `resync`, the last batch says it is the last one. */
	sendBatches(session, contacts, mappings, resync) {
		const batches = Math.max(resync ? 1 : 0, Math.ceil(contacts.length / BATCH_SIZE), Math.ceil(mappings.length / BATCH_SIZE));
		const withoutPhone = session.store.withoutPhone;
		for (let batch = 0; batch < batches; batch++) {
			const data = {
				staffId: session.staffId,
				contacts: contacts.slice(batch * BATCH_SIZE, (batch + 1) * BATCH_SIZE),
				mappings: mappings.slice(batch * BATCH_SIZE, (batch + 1) * BATCH_SIZE),
				withoutPhone,
			};
			if (resync) {
				data.resync = { requestId: resync.requestId ?? null, batch: batch + 1, batches };
			}
			this.delivery.send(session.staffId, 'contacts.batch', data);
		}
		return batches;
	}

	/** Sends the whole contact store again; the last batch says it is the last one. */
	async resync(staffId, requestId) {
		const session = this.sessions.get(staffId);
		if (!session || session.state !== 'linked') {
			throw new NotLinkedError(staffId);
		}
		this.flush(session);
		const contacts = session.store.all();
		const batches = this.sendBatches(session, contacts, session.store.allMappings(), { requestId });
		return { staffId, contacts: contacts.length, batches };
	}

	/** Unlinks: logs the device out of WhatsApp (the phone drops it), then deletes its state. */
	async unlink(staffId) {
		const session = this.sessions.get(staffId);
		if (session?.socket && session.state === 'linked') {
			session.stopped = true;
			try {
				await session.socket.logout();
			}
			catch (error) {
				this.log.warn({ staffId, err: error.message }, 'logout did not reach WhatsApp; the state is deleted anyway');
			}
		}
		if (session) {
			await this.drop(session, 'logged_out', 'unlinked');
		}
		else {
			await this.directory(staffId).removeAll();
			this.delivery.send(staffId, 'session.status', { staffId, state: 'logged_out', reason: 'unlinked' });
		}
	}

	async drop(session, state, reason) {
		this.forget(session);
		await session.directory.removeAll();
		this.delivery.send(session.staffId, 'session.status', { staffId: session.staffId, state, reason });
	}

	forget(session) {
		session.stopped = true;
		clearTimeout(session.flushTimer);
		clearTimeout(session.saveTimer);
		clearTimeout(session.reconnectTimer);
		if (session.socket) {
			const socket = session.socket;
			session.socket = undefined;
			try {
				socket.end(undefined);
			}
			catch {
				// already closed
			}
		}
		if (this.sessions.get(session.staffId) === session) {
			this.sessions.delete(session.staffId);
		}
	}

	saveStoreSoon(session) {
		if (!session.saveTimer) {
			session.saveTimer = setTimeout(() => {
				session.saveTimer = undefined;
				this.saveStore(session);
			}, this.flushDelayMs);
		}
	}

	async saveStore(session) {
		if (session.stopped) {
			return;
		}
		try {
			await session.directory.write(STORE, JSON.stringify(session.store.snapshot()));
		}
		catch (error) {
			this.log.error({ staffId: session.staffId, err: error.message }, 'could not save the contact store');
		}
	}

	/** Closes every socket without logging out, so the devices stay linked for the next start. */
	async close() {
		for (const session of [...this.sessions.values()]) {
			clearTimeout(session.saveTimer);
			if (session.pending.size + session.pendingLids.size > 0) {
				this.flush(session);
			}
			await this.saveStore(session);
			this.forget(session);
		}
	}
}
