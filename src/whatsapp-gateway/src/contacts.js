// Turns Baileys' contact events into the CRM's contact records and keeps each staff member's
// contact store, so "resync" can send everything again. Only phone JIDs (…@s.whatsapp.net)
// become contacts; @lid ids with no known phone are counted, never sent.

const PHONE_SERVER = '@s.whatsapp.net';
const LID_SERVER = '@lid';
const FIELDS = ['name', 'notify', 'verifiedName'];
const MAX_TEXT = 500;

/** "6281234567890:12@s.whatsapp.net" → "6281234567890@s.whatsapp.net"; null for anything else. */
export function toPhoneJid(id) {
	if (typeof id !== 'string' || !id.endsWith(PHONE_SERVER)) {
		return null;
	}
	const user = id.slice(0, -PHONE_SERVER.length).split(':')[0];
	return /^[1-9][0-9]{5,15}$/.test(user) ? user + PHONE_SERVER : null;
}

export function phoneOf(jid) {
	return jid.slice(0, -PHONE_SERVER.length);
}

function isLid(id) {
	return typeof id === 'string' && id.endsWith(LID_SERVER);
}

/** `messaging-history.set`: its `contacts` (chats and push names of the history sync). */
export function fromHistorySet(event) {
	return Array.isArray(event?.contacts) ? event.contacts : [];
}

/** `contacts.upsert` and `contacts.update` carry Baileys `Contact` objects (partial in updates). */
export function fromContactList(list) {
	return Array.isArray(list) ? list : [];
}

/**
 * `messages.upsert`: the senders of incoming one-to-one messages, with their push name.
 * Groups, broadcasts, newsletters and our own messages are left out.
 */
export function fromMessagesUpsert(event) {
	const contacts = [];
	for (const message of Array.isArray(event?.messages) ? event.messages : []) {
		const key = message?.key;
		if (!key || key.fromMe || typeof key.remoteJid !== 'string') {
			continue;
		}
		if (!key.remoteJid.endsWith(PHONE_SERVER) && !isLid(key.remoteJid)) {
			continue;
		}
		contacts.push({
			id: key.remoteJid,
			jid: toPhoneJid(key.senderPn) || undefined,
			notify: message.pushName || undefined,
			verifiedName: message.verifiedBizName || undefined,
		});
	}
	return contacts;
}

function cleanText(value) {
	if (value === null) {
		return null;
	}
	if (typeof value !== 'string') {
		return undefined;
	}
	const trimmed = value.trim();
	return trimmed === '' ? null : Array.from(trimmed).slice(0, MAX_TEXT).join('');
}

/** One staff member's WhatsApp contacts, keyed by phone JID. */
export class ContactStore {
	constructor(snapshot) {
		this.contacts = new Map((snapshot?.contacts || []).map((contact) => [contact.jid, contact]));
		this.lids = new Map(snapshot?.lids || []);
		this.withoutPhone = new Set(snapshot?.withoutPhone || []);
	}

	/** Applies Baileys contacts (whole or partial) and returns the records that changed. */
	apply(incoming) {
		const changed = new Map();
		for (const contact of incoming) {
			if (!contact || typeof contact !== 'object') {
				continue;
			}
			const jid = this.resolve(contact);
			if (!jid) {
				continue;
			}
			const before = this.contacts.get(jid);
			const record = before ? { ...before } : { jid, phone: phoneOf(jid), name: null, notify: null, verifiedName: null };
			for (const field of FIELDS) {
				const value = cleanText(contact[field]);
				if (value !== undefined) {
					record[field] = value;
				}
			}
			if (!before || FIELDS.some((field) => before[field] !== record[field])) {
				this.contacts.set(jid, record);
				changed.set(jid, record);
			}
		}
		return [...changed.values()];
	}

	resolve(contact) {
		const jid = toPhoneJid(contact.id) || toPhoneJid(contact.jid);
		const lid = isLid(contact.id) ? contact.id : isLid(contact.lid) ? contact.lid : null;
		if (jid && lid) {
			this.lids.set(lid, jid);
			this.withoutPhone.delete(lid);
		}
		if (jid) {
			return jid;
		}
		if (lid && this.lids.has(lid)) {
			return this.lids.get(lid);
		}
		if (lid) {
			this.withoutPhone.add(lid);
		}
		return null;
	}

	all() {
		return [...this.contacts.values()];
	}

	get size() {
		return this.contacts.size;
	}

	snapshot() {
		return { contacts: this.all(), lids: [...this.lids], withoutPhone: [...this.withoutPhone] };
	}
}
