import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContactStore, fromContactList, fromHistorySet, fromMessagesUpsert, toPhoneJid } from '../src/contacts.js';
import { fixture } from './helpers.js';

const byPhone = (records) => Object.fromEntries(records.map((record) => [record.phone, record]));

describe('translation of Baileys events to contact records', () => {
	test('phone JIDs lose their device part; anything else is not a phone', () => {
		assert.equal(toPhoneJid('6281200000001:12@s.whatsapp.net'), '6281200000001@s.whatsapp.net');
		assert.equal(toPhoneJid('100000000000009@lid'), null);
		assert.equal(toPhoneJid('120363000000000001@g.us'), null);
		assert.equal(toPhoneJid('status@broadcast'), null);
		assert.equal(toPhoneJid(undefined), null);
	});

	test('history sync: address-book names, verified names and push names of phone contacts; groups left out; @lid counted', () => {
		const store = new ContactStore();
		const records = byPhone(store.apply(fromHistorySet(fixture('messaging-history-set.json'))));

		assert.deepEqual(Object.keys(records).sort(), ['6281200000001', '6281200000002', '6281200000003', '6281200000004']);
		assert.deepEqual(records['6281200000001'],
			{ jid: '6281200000001@s.whatsapp.net', phone: '6281200000001', name: 'Budi Santoso', notify: 'Budi S', verifiedName: null });
		assert.equal(records['6281200000003'].verifiedName, 'Toko Maju Jaya');
		assert.equal(records['6281200000004'].notify, 'Andi 🙂');
		assert.equal(store.withoutPhone.size, 1);
	});

	test('contacts.upsert and contacts.update change only the fields they carry, and an @lid update reaches its phone contact', () => {
		const store = new ContactStore();
		store.apply(fromHistorySet(fixture('messaging-history-set.json')));

		const upserted = byPhone(store.apply(fromContactList(fixture('contacts-upsert.json'))));
		assert.equal(upserted['6281200000005'].name, 'Dewi Lestari');
		assert.equal(upserted['6281200000002'].name, 'Siti Rahma (Kantor)', 'an @lid upsert is applied to the phone it was seen with');

		const updated = byPhone(store.apply(fromContactList(fixture('contacts-update.json'))));
		assert.deepEqual(Object.keys(updated).sort(), ['6281200000004', '6281200000005'], 'a picture change is no contact change');
		assert.equal(updated['6281200000004'].notify, 'Andi Wijaya');
		assert.equal(updated['6281200000005'].notify, 'Dewi L');
		assert.equal(updated['6281200000005'].name, 'Dewi Lestari');
	});

	test('messages.upsert: senders of incoming one-to-one messages only; @lid with senderPn becomes its phone', () => {
		const store = new ContactStore();
		const records = byPhone(store.apply(fromMessagesUpsert(fixture('messages-upsert.json'))));

		assert.deepEqual(Object.keys(records).sort(), ['6281200000006', '6281200000007']);
		assert.equal(records['6281200000006'].notify, 'Rudi');
		assert.equal(records['6281200000007'].verifiedName, 'Lina Kosmetik');
		assert.equal(store.withoutPhone.size, 1, 'the @lid sender without a phone is counted');
	});

	test('an unchanged contact is not sent again', () => {
		const store = new ContactStore();
		const event = fixture('contacts-upsert.json');
		assert.equal(store.apply(event).length, 1);
		assert.equal(store.apply(event).length, 0);
	});

	test('the store survives a snapshot round trip', () => {
		const store = new ContactStore();
		store.apply(fromHistorySet(fixture('messaging-history-set.json')));
		const copy = new ContactStore(JSON.parse(JSON.stringify(store.snapshot())));
		assert.deepEqual(copy.all(), store.all());
		assert.equal(copy.apply(fromContactList([{ id: '100000000000002@lid', notify: 'Siti' }]))[0].phone, '6281200000002');
	});
});
