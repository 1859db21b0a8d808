// Files encrypted at rest with AES-256-GCM: 12-byte nonce, 16-byte tag, ciphertext. The file's
// name is the additional authenticated data, so a file copied under another name fails to open.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const NONCE = 12;
const TAG = 16;

export function seal(key, name, plaintext) {
	const nonce = randomBytes(NONCE);
	const cipher = createCipheriv('aes-256-gcm', key, nonce);
	cipher.setAAD(Buffer.from(name, 'utf8'));
	const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
	return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

export function open(key, name, sealed) {
	if (sealed.length < NONCE + TAG) {
		throw new Error(`${name} is too short to be a sealed file`);
	}
	const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE));
	decipher.setAAD(Buffer.from(name, 'utf8'));
	decipher.setAuthTag(sealed.subarray(NONCE, NONCE + TAG));
	return Buffer.concat([decipher.update(sealed.subarray(NONCE + TAG)), decipher.final()]);
}

/** A directory of sealed files; writes go through a temporary file and a rename. */
export class SealedDirectory {
	constructor(key, dir) {
		this.key = key;
		this.dir = dir;
	}

	async write(name, plaintext) {
		if (this.removed) {
			return;
		}
		await mkdir(this.dir, { recursive: true, mode: 0o700 });
		const path = join(this.dir, name);
		const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
		await writeFile(temporary, seal(this.key, name, Buffer.from(plaintext, 'utf8')), { mode: 0o600 });
		if (this.removed) {
			await rm(this.dir, { recursive: true, force: true });
			return;
		}
		await rename(temporary, path);
	}

	/** The plaintext, or null when there is no such file. A file that fails to open throws. */
	async read(name) {
		let sealed;
		try {
			sealed = await readFile(join(this.dir, name));
		}
		catch (error) {
			if (error.code === 'ENOENT') {
				return null;
			}
			throw error;
		}
		return open(this.key, name, sealed).toString('utf8');
	}

	async remove(name) {
		await rm(join(this.dir, name), { force: true });
	}

	/** Deletes the directory; writes still under way afterwards are dropped, not recreated. */
	async removeAll() {
		this.removed = true;
		await rm(this.dir, { recursive: true, force: true });
	}
}
