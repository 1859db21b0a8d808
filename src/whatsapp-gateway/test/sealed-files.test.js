import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { hasCredentials, useSealedAuthState } from '../src/auth-state.js';
import { SealedDirectory } from '../src/sealed-files.js';
import { KEY } from './helpers.js';

const root = await mkdtemp(join(tmpdir(), 'wa-gateway-sealed-'));
after(() => rm(root, { recursive: true, force: true }));

describe('auth state at rest', () => {
	test('round-trips, and nothing is written in the clear', async () => {
		const directory = new SealedDirectory(KEY, join(root, 'a'));
		await directory.write('note.json.enc', '{"secret":"fake-value-that-must-not-show"}');
		assert.equal(await directory.read('note.json.enc'), '{"secret":"fake-value-that-must-not-show"}');
		assert.ok(!(await readFile(join(root, 'a', 'note.json.enc'))).includes('fake-value'));
		assert.equal(await directory.read('missing.json.enc'), null);
	});

	test('a tampered file, another key or a renamed file fails to open', async () => {
		const dir = join(root, 'b');
		const directory = new SealedDirectory(KEY, dir);
		await directory.write('one.enc', 'hello');
		await assert.rejects(new SealedDirectory(Buffer.alloc(32, 9), dir).read('one.enc'));
		const bytes = await readFile(join(dir, 'one.enc'));
		bytes[bytes.length - 1] ^= 1;
		await writeFile(join(dir, 'two.enc'), bytes);
		await assert.rejects(directory.read('two.enc'));
		await directory.write('three.enc', 'hello');
		await rename(join(dir, 'three.enc'), join(dir, 'four.enc'));
		await assert.rejects(directory.read('four.enc'));
	});

	test('Baileys credentials and signal keys are stored sealed and read back', async () => {
		const directory = new SealedDirectory(KEY, join(root, 'c'));
		const first = await useSealedAuthState(directory);
		assert.equal(await hasCredentials(directory), false);
		await first.saveCreds();
		await first.state.keys.set({ 'pre-key': { 1: { public: Buffer.from('fake-public'), private: Buffer.from('fake-private') } } });
		assert.equal(await hasCredentials(directory), true);

		const second = await useSealedAuthState(directory);
		assert.deepEqual(second.state.creds.noiseKey.private, first.state.creds.noiseKey.private);
		const { 1: preKey } = await second.state.keys.get('pre-key', ['1']);
		assert.deepEqual(Buffer.from(preKey.private), Buffer.from('fake-private'));
		for (const name of await readdir(join(root, 'c'))) {
			const bytes = await readFile(join(root, 'c', name));
			assert.ok(!bytes.includes('fake-private') && !bytes.includes('noiseKey'), `${name} is sealed`);
		}
		await second.state.keys.set({ 'pre-key': { 1: null } });
		assert.equal((await second.state.keys.get('pre-key', ['1']))[1], null);
	});
});
