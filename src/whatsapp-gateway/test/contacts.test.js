import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
	ContactStore, fromContactList, fromHistorySet, fromLidMappingUpdate, fromMessagesUpsert, fromPhoneNumberShare, toLid, toMapping, toPhoneJid,
} from '../src/contacts.js';
import { fixture } from './helpers.js';

/** Records by phone, or by LID for those without one. */
const byId = (records) => Object.fromEntries(records.map((record) => [record.phone || record.lid, record]));
const mappingsOf = (result) => Object.fromEntries(result.mappings.map((mapping) => [mapping.lid, mapping.phone]));

describe('translation of Baileys 6.7.24 events to contact records', () => {
	test('phone JIDs and LIDs lose their device part; anything else is neither', () => {
		assert.equal(toPhoneJid('6281200000001:12@s.whatsapp.net'), '6281200000001@s.whatsapp.net');
		assert.equal(toPhoneJid('100000000000009@lid'), null);
		assert.equal(toPhoneJid('120363000000000001@g.us'), null);
		assert.equal(toPhoneJid('status@broadcast'), null);
		assert.equal(toPhoneJid(undefined), null);
		assert.equal(toLid('100000000000009:3@lid'), '100000000000009@lid');
		assert.equal(toLid('6281200000001@s.whatsapp.net'), null);
		assert.equal(toLid('abc@lid'), null);
		assert.deepEqual(toMapping('6281200000001@s.whatsapp.net', '100000000000001@lid'),
			{ lid: '100000000000001@lid', jid: '6281200000001@s.whatsapp.net' }, 'either order, as Baileys accepts');
		assert.equal(toMapping('100000000000001@lid', '100000000000002@lid'), null);
	});

	test('history sync: address-book names, verified and push names; a LID-only contact with its name; groups left out', () => {
		const store = new ContactStore();
		const result = store.apply(fromHistorySet(fixture('messaging-history-set.json')));
		const records = byId(result.contacts);

		assert.deepEqual(Object.keys(records).sort(),
			['100000000000009@lid', '6281200000001', '6281200000002', '6281200000003', '6281200000004']);
		assert.deepEqual(records['6281200000001'],
			{ jid: '6281200000001@s.whatsapp.net', phone: '6281200000001', lid: null, name: 'Budi Santoso', notify: 'Budi S', verifiedName: null });
		assert.deepEqual(records['100000000000009@lid'],
			{ jid: null, phone: null, lid: '100000000000009@lid', name: 'Tanpa Nomor', notify: null, verifiedName: null });
		assert.equal(records['6281200000002'].lid, '100000000000002@lid', 'a contact carrying both ids keeps its LID');
		assert.deepEqual(mappingsOf(result), { '100000000000002@lid': '6281200000002' });
		assert.equal(records['6281200000003'].verifiedName, 'Toko Maju Jaya');
		assert.equal(records['6281200000004'].notify, 'Andi 🙂');
		assert.equal(store.withoutPhone, 0);
	});

	test('contacts.upsert and contacts.update change only the fields they carry, and an @lid update reaches its phone contact', () => {
		const store = new ContactStore();
		store.apply(fromHistorySet(fixture('messaging-history-set.json')));

		const upserted = store.apply(fromContactList(fixture('contacts-upsert.json')));
		const records = byId(upserted.contacts);
		assert.equal(records['6281200000005'].name, 'Dewi Lestari');
		assert.equal(records['6281200000005'].lid, '100000000000005@lid');
		assert.equal(records['6281200000002'].name, 'Siti Rahma (Kantor)', 'an @lid upsert is applied to the phone it was seen with');
		assert.deepEqual(mappingsOf(upserted), { '100000000000005@lid': '6281200000005' });

		const updated = byId(store.apply(fromContactList(fixture('contacts-update.json'))).contacts);
		assert.deepEqual(Object.keys(updated).sort(), ['6281200000004', '6281200000005'], 'a picture change is no contact change');
		assert.equal(updated['6281200000004'].notify, 'Andi Wijaya');
		assert.equal(updated['6281200000005'].notify, 'Dewi L', 'the @lid push name reaches the phone it is mapped to');
		assert.equal(updated['6281200000005'].name, 'Dewi Lestari');
	});

	test('messages.upsert: one-to-one senders with senderPn / senderLid; group senders give mappings only; our own left out', () => {
		const store = new ContactStore();
		const result = store.apply(fromMessagesUpsert(fixture('messages-upsert.json')));
		const records = byId(result.contacts);

		assert.deepEqual(Object.keys(records).sort(), ['100000000000008@lid', '6281200000006', '6281200000007', '6281200000010']);
		assert.equal(records['6281200000006'].notify, 'Rudi');
		assert.equal(records['6281200000007'].verifiedName, 'Lina Kosmetik');
		assert.equal(records['6281200000007'].lid, '100000000000007@lid');
		assert.equal(records['6281200000010'].lid, '100000000000010@lid', 'senderLid of a phone chat');
		assert.deepEqual(records['100000000000008@lid'],
			{ jid: null, phone: null, lid: '100000000000008@lid', name: null, notify: 'Tanpa Nomor Juga', verifiedName: null });
		assert.deepEqual(mappingsOf(result), {
			'100000000000007@lid': '6281200000007',
			'100000000000010@lid': '6281200000010',
			'100000000000009@lid': '6281200000009',
		});
	});

	test('chats.phoneNumberShare: the LID-only sender becomes its phone contact, name kept', () => {
		const store = new ContactStore();
		store.apply(fromMessagesUpsert(fixture('messages-upsert.json')));

		const result = store.apply(fromPhoneNumberShare(fixture('chats-phone-number-share.json')));
		assert.deepEqual(result.contacts, [
			{ jid: '6281200000008@s.whatsapp.net', phone: '6281200000008', lid: '100000000000008@lid', name: null, notify: 'Tanpa Nomor Juga', verifiedName: null },
		]);
		assert.deepEqual(mappingsOf(result), { '100000000000008@lid': '6281200000008' });
		assert.equal(store.get('100000000000008@lid'), undefined, 'the LID record is gone into the phone one');
		assert.equal(store.apply(fromPhoneNumberShare(fixture('chats-phone-number-share.json'))).mappings.length, 0, 'known: not sent again');
	});

	test('an unchanged contact is not sent again', () => {
		const store = new ContactStore();
		const event = fromContactList(fixture('contacts-upsert.json'));
		assert.equal(store.apply(event).contacts.length, 2);
		assert.deepEqual(store.apply(event), { contacts: [], mappings: [] });
	});

	test('the store survives a snapshot round trip, and a snapshot of the old format loads', () => {
		const store = new ContactStore();
		store.apply(fromHistorySet(fixture('messaging-history-set.json')));
		const copy = new ContactStore(JSON.parse(JSON.stringify(store.snapshot())));
		assert.deepEqual(copy.all(), store.all());
		assert.equal(copy.apply(fromContactList([{ id: '100000000000002@lid', notify: 'Siti' }])).contacts[0].phone, '6281200000002');

		const old = new ContactStore({
			contacts: [{ jid: '6281200000001@s.whatsapp.net', phone: '6281200000001', name: 'Budi', notify: null, verifiedName: null }],
			lids: [['100000000000001@lid', '6281200000001@s.whatsapp.net']],
			withoutPhone: ['100000000000009@lid'],
		});
		assert.deepEqual(old.all().map((record) => record.phone), ['6281200000001']);
		assert.equal(old.withoutPhone, 1, 'a LID seen before, still without a name');
		const named = old.apply(fromContactList([{ id: '100000000000009@lid', notify: 'Nama' }])).contacts;
		assert.deepEqual(named.map((record) => [record.lid, record.notify]), [['100000000000009@lid', 'Nama']]);
	});
});

describe('translation of Baileys 7.0.0-rc13 events to contact records', () => {
	const v7 = (name) => fixture(`7.0.0-rc13/${name}`);

	test('history sync: contacts by phone or LID with phoneNumber, LID-only ones, and lidPnMappings', () => {
		const store = new ContactStore();
		const result = store.apply(fromHistorySet(v7('messaging-history-set.json')));
		const records = byId(result.contacts);

		assert.deepEqual(Object.keys(records).sort(),
			['100000000000013@lid', '100000000000014@lid', '100000000000016@lid', '6281200000011', '6281200000012']);
		assert.deepEqual(records['6281200000012'],
			{ jid: '6281200000012@s.whatsapp.net', phone: '6281200000012', lid: '100000000000012@lid', name: 'Bayu Aji', notify: null, verifiedName: null },
			'a contact whose id is its LID and whose phoneNumber is set is its phone contact');
		assert.equal(records['6281200000011'].lid, '100000000000011@lid');
		assert.equal(records['100000000000013@lid'].name, 'Citra Dewi');
		assert.equal(records['100000000000014@lid'].name, 'eko.store');
		assert.equal(records['100000000000016@lid'].verifiedName, 'Toko Fajar');
		assert.deepEqual(mappingsOf(result), {
			'100000000000011@lid': '6281200000011',
			'100000000000012@lid': '6281200000012',
			'100000000000015@lid': '6281200000015',
		}, 'a mapping of someone who is no contact is kept and sent too');
		assert.equal(store.get('6281200000015@s.whatsapp.net'), undefined, 'a mapping alone makes no contact');
	});

	test('push names arrive by LID and reach the phone contact the LID is mapped to', () => {
		const store = new ContactStore();
		store.apply(fromHistorySet(v7('messaging-history-set.json')));
		const records = byId(store.apply(fromHistorySet(v7('messaging-history-set-push-names.json'))).contacts);

		assert.deepEqual(Object.keys(records).sort(), ['100000000000013@lid', '100000000000017@lid', '6281200000011']);
		assert.equal(records['100000000000013@lid'].notify, 'Citra');
		assert.equal(records['100000000000017@lid'].notify, 'Dimas');
		assert.equal(records['6281200000011'].notify, 'Agus S');
	});

	test('contacts.upsert (contactAction, lidContactAction) and contacts.update', () => {
		const store = new ContactStore();
		const upserted = store.apply(fromContactList(v7('contacts-upsert.json')));
		assert.deepEqual(Object.keys(byId(upserted.contacts)).sort(), ['100000000000019@lid', '6281200000018', '6281200000020']);
		assert.deepEqual(mappingsOf(upserted), { '100000000000018@lid': '6281200000018', '100000000000020@lid': '6281200000020' });

		const updated = byId(store.apply(fromContactList(v7('contacts-update.json'))).contacts);
		assert.deepEqual(Object.keys(updated).sort(), ['100000000000019@lid', '6281200000018'], 'picture changes are no contact changes');
		assert.equal(updated['100000000000019@lid'].notify, 'Gilang');
		assert.equal(updated['100000000000019@lid'].name, 'Gilang (LID)');
		assert.equal(updated['6281200000018'].notify, 'Fitri H');
		assert.equal(store.withoutPhone, 2, 'LIDs seen only in picture changes have no name: counted, not sent');
	});

	test('lid-mapping.update: LID-only contacts become their phone contacts; device parts and swapped pairs handled; junk ignored', () => {
		const store = new ContactStore();
		store.apply(fromHistorySet(v7('messaging-history-set.json')));
		store.apply(fromContactList(v7('contacts-upsert.json')));
		const results = v7('lid-mapping-update.json').map((event) => store.apply(fromLidMappingUpdate(event)));

		assert.deepEqual(results.map(mappingsOf), [
			{ '100000000000013@lid': '6281200000013' },
			{ '100000000000019@lid': '6281200000019' },
			{ '100000000000022@lid': '6281200000022' },
			{},
		]);
		assert.deepEqual(results[0].contacts, [
			{ jid: '6281200000013@s.whatsapp.net', phone: '6281200000013', lid: '100000000000013@lid', name: 'Citra Dewi', notify: null, verifiedName: null },
		]);
		assert.deepEqual(results[1].contacts.map((record) => [record.phone, record.name]), [['6281200000019', 'Gilang (LID)']]);
		assert.deepEqual(results[2].contacts, [], 'nobody known by that LID or number');
		assert.equal(store.get('100000000000013@lid'), undefined);
	});

	test('a mapping to a number that is already a contact joins the two; the phone contact keeps its own names', () => {
		const store = new ContactStore();
		store.apply(fromContactList([{ id: '6281200000030@s.whatsapp.net', name: 'Rina (kantor)' }]));
		store.apply(fromContactList([{ id: '100000000000030@lid', notify: 'Rina', verifiedName: 'Rina Catering' }]));
		const result = store.apply(fromLidMappingUpdate({ lid: '100000000000030@lid', pn: '6281200000030@s.whatsapp.net' }));

		assert.deepEqual(result.contacts, [
			{ jid: '6281200000030@s.whatsapp.net', phone: '6281200000030', lid: '100000000000030@lid', name: 'Rina (kantor)', notify: 'Rina', verifiedName: 'Rina Catering' },
		]);
		assert.equal(store.all().length, 1);
	});

	test('messages.upsert: remoteJidAlt both ways, LID-only senders, participantAlt of groups; our own left out', () => {
		const store = new ContactStore();
		const result = store.apply(fromMessagesUpsert(v7('messages-upsert.json')));
		const records = byId(result.contacts);

		assert.deepEqual(Object.keys(records).sort(), ['100000000000026@lid', '6281200000024', '6281200000025']);
		assert.equal(records['6281200000024'].notify, 'Indah');
		assert.equal(records['6281200000024'].lid, '100000000000024@lid');
		assert.equal(records['6281200000025'].verifiedName, 'Joni Elektronik');
		assert.equal(records['6281200000025'].lid, '100000000000025@lid');
		assert.equal(records['100000000000026@lid'].notify, 'Kartika');
		assert.deepEqual(mappingsOf(result), {
			'100000000000024@lid': '6281200000024',
			'100000000000025@lid': '6281200000025',
			'100000000000027@lid': '6281200000027',
		}, 'our own message to a LID carries OUR number as its alt: never taken for theirs');
	});
});
