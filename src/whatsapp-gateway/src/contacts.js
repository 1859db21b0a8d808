// Turns Baileys' events into the CRM's contact records and LID ↔ phone mappings, and keeps each
// staff member's contact store, so "resync" can send everything again.
//
// WhatsApp names a person by a phone JID (…@s.whatsapp.net) or by a LID (…@lid, a private id
// that hides the number). Baileys 6.7 and 7.x tell us which LID belongs to which number in
// several places, each read here (field names from Baileys' own source, see
// test/fixtures/README.md):
// - contacts: 6.7 `{id, lid, jid}`, 7.x `{id, lid, phoneNumber}` (`id` is either form);
// - `messaging-history.set`: 7.x `lidPnMappings: [{lid, pn}]`;
// - `lid-mapping.update` (7.x) `{lid, pn}` and `chats.phoneNumberShare` (6.7) `{lid, jid}`;
// - message keys: 6.7 `senderPn` / `senderLid` / `participantPn` / `participantLid`,
//   7.x `remoteJidAlt` / `participantAlt`.
// A contact known by its phone is keyed by its phone JID; one known only by its LID is keyed
// by the LID until a mapping names its number, then it becomes (merges into) the phone's record.

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

/** "100000000000009:3@lid" → "100000000000009@lid"; null for anything else. */
export function toLid(id) {
	if (typeof id !== 'string' || !id.endsWith(LID_SERVER)) {
		return null;
	}
	const user = id.slice(0, -LID_SERVER.length).split(':')[0];
	return /^[0-9]{1,24}$/.test(user) ? user + LID_SERVER : null;
}

export function phoneOf(jid) {
	return jid.slice(0, -PHONE_SERVER.length);
}

/** A LID and a phone JID in either order (Baileys' own store accepts both) → {lid, jid}; else null. */
export function toMapping(a, b) {
	const lid = toLid(a) || toLid(b);
	const jid = toPhoneJid(a) || toPhoneJid(b);
	return lid && jid ? { lid, jid } : null;
}

const list = (value) => (Array.isArray(value) ? value : []);

/** `messaging-history.set`: its `contacts` and (7.x) its `lidPnMappings`. */
export function fromHistorySet(event) {
	return {
		contacts: list(event?.contacts),
		mappings: list(event?.lidPnMappings).map((pair) => toMapping(pair?.lid, pair?.pn)),
	};
}

/** `contacts.upsert` and `contacts.update` carry Baileys `Contact` objects (partial in updates). */
export function fromContactList(contacts) {
	return { contacts: list(contacts), mappings: [] };
}

/** 7.x `lid-mapping.update`: one `{lid, pn}`. */
export function fromLidMappingUpdate(event) {
	return { contacts: [], mappings: [toMapping(event?.lid, event?.pn)] };
}

/** 6.7 `chats.phoneNumberShare`: one `{lid, jid}` (a LID chat shared its number). */
export function fromPhoneNumberShare(event) {
	return { contacts: [], mappings: [toMapping(event?.lid, event?.jid)] };
}

/**
 * `messages.upsert`: the senders of incoming one-to-one messages, with their push name and
 * the other form of their id; the LID ↔ phone pairs of group senders (never contacts).
 * Broadcasts, newsletters and our own messages are left out.
 */
export function fromMessagesUpsert(event) {
	const contacts = [];
	const mappings = [];
	for (const message of list(event?.messages)) {
		const key = message?.key;
		if (!key || key.fromMe || typeof key.remoteJid !== 'string') {
			continue;
		}
		const chat = toPhoneJid(key.remoteJid) || toLid(key.remoteJid);
		if (chat) {
			// 6.7 names the other form senderPn / senderLid, 7.x remoteJidAlt
			const alt = [key.remoteJidAlt, key.senderPn, key.senderLid].find((id) => toMapping(chat, id));
			mappings.push(toMapping(chat, alt));
			contacts.push({
				id: chat,
				alt,
				notify: message.pushName || undefined,
				verifiedName: message.verifiedBizName || undefined,
			});
		}
		else if (key.remoteJid.endsWith('@g.us') && typeof key.participant === 'string') {
			for (const alt of [key.participantAlt, key.participantPn, key.participantLid]) {
				mappings.push(toMapping(key.participant, alt));
			}
		}
	}
	return { contacts, mappings };
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

function blank(jid, lid) {
	return { jid, phone: jid ? phoneOf(jid) : null, lid, name: null, notify: null, verifiedName: null };
}

/** A record worth a contact in the CRM: it has a number, or at least a name to show. */
export function sendable(record) {
	return Boolean(record.phone || FIELDS.some((field) => record[field]));
}

/**
 * One staff member's WhatsApp contacts, keyed by phone JID (or by LID while the number is
 * unknown), and every LID ↔ phone mapping learned.
 */
export class ContactStore {
	constructor(snapshot) {
		this.contacts = new Map();
		for (const contact of snapshot?.contacts || []) {
			const record = { ...blank(contact.jid ?? null, contact.lid ?? null) };
			for (const field of FIELDS) {
				record[field] = contact[field] ?? null;
			}
			this.contacts.set(record.jid || record.lid, record);
		}
		this.lids = new Map(snapshot?.lids || []);
		// snapshots written before LID-only contacts were kept list only their LIDs
		for (const lid of snapshot?.withoutPhone || []) {
			if (!this.contacts.has(lid) && !this.lids.has(lid)) {
				this.contacts.set(lid, blank(null, lid));
			}
		}
	}

	/**
	 * Applies what one event taught: mappings first, then the contacts (whole or partial).
	 * @returns the records that changed and are worth sending, and the mappings that are new
	 */
	apply({ contacts = [], mappings = [] } = {}) {
		const changed = new Map();
		const mapped = new Map();
		const learn = (mapping) => {
			if (mapping && this.learn(mapping.lid, mapping.jid, changed)) {
				mapped.set(mapping.lid, this.mapping(mapping.lid));
			}
		};
		mappings.forEach(learn);
		for (const contact of contacts) {
			if (!contact || typeof contact !== 'object') {
				continue;
			}
			const ids = [contact.id, contact.jid, contact.phoneNumber, contact.lid, contact.alt];
			const jid = ids.map(toPhoneJid).find(Boolean) || null;
			const lid = ids.map(toLid).find(Boolean) || null;
			if (jid && lid) {
				learn({ lid, jid });
			}
			const key = jid || (lid && this.lids.get(lid)) || lid;
			if (!key) {
				continue;
			}
			const before = this.contacts.get(key);
			const record = before ? { ...before } : blank(toPhoneJid(key), lid);
			for (const field of FIELDS) {
				const value = cleanText(contact[field]);
				if (value !== undefined) {
					record[field] = value;
				}
			}
			if (!before || FIELDS.some((field) => before[field] !== record[field])) {
				this.contacts.set(key, record);
				changed.set(key, record);
			}
		}
		return {
			contacts: [...changed].filter(([key, record]) => this.contacts.get(key) === record && sendable(record)).map(([, record]) => record),
			mappings: [...mapped.values()],
		};
	}

	/**
	 * Records that a LID is a phone's; the LID's own record (a contact seen only by its LID)
	 * becomes the phone's, names the phone's record lacks taken from it.
	 * @returns whether the mapping is new
	 */
	learn(lid, jid, changed) {
		if (this.lids.get(lid) === jid) {
			return false;
		}
		const previous = this.lids.get(lid);
		this.lids.set(lid, jid);
		const old = previous && this.contacts.get(previous);
		if (old && old.lid === lid) {
			const record = { ...old, lid: null };
			this.contacts.set(previous, record);
			changed.set(previous, record);
		}
		const lidRecord = this.contacts.get(lid);
		const before = this.contacts.get(jid);
		if (!lidRecord && !before) {
			return true;
		}
		const record = before ? { ...before } : blank(jid, lid);
		record.lid = lid;
		for (const field of FIELDS) {
			record[field] ??= lidRecord?.[field] ?? null;
		}
		if (lidRecord) {
			this.contacts.delete(lid);
			changed.delete(lid);
		}
		this.contacts.set(jid, record);
		changed.set(jid, record);
		return true;
	}

	mapping(lid) {
		const jid = this.lids.get(lid);
		return { lid, jid, phone: phoneOf(jid) };
	}

	/** The current record under a key, or undefined if it is gone (merged into its phone's). */
	get(key) {
		return this.contacts.get(key);
	}

	/** Every contact worth sending. */
	all() {
		return [...this.contacts.values()].filter(sendable);
	}

	allMappings() {
		return [...this.lids.keys()].map((lid) => this.mapping(lid));
	}

	/** Contacts seen only by a LID and with no name at all: counted, not sent. */
	get withoutPhone() {
		let count = 0;
		for (const record of this.contacts.values()) {
			count += sendable(record) ? 0 : 1;
		}
		return count;
	}

	get size() {
		return this.all().length;
	}

	snapshot() {
		return { contacts: [...this.contacts.values()], lids: [...this.lids] };
	}
}
