// Baileys' authentication state (the linked device's keys), kept in sealed files: the same
// layout as Baileys' useMultiFileAuthState, but nothing is written in the clear.

import { BufferJSON, initAuthCreds, proto } from '@whiskeysockets/baileys';

const CREDS = 'creds.json.enc';

function keyFile(category, id) {
	return `${category}-${String(id).replace(/\//g, '__').replace(/:/g, '-')}.json.enc`;
}

/** Whether a linked device's credentials exist in this directory. */
export async function hasCredentials(directory) {
	return (await directory.read(CREDS)) !== null;
}

export async function useSealedAuthState(directory) {
	const readJson = async (name) => {
		const text = await directory.read(name);
		return text === null ? null : JSON.parse(text, BufferJSON.reviver);
	};
	const writeJson = (name, value) => directory.write(name, JSON.stringify(value, BufferJSON.replacer));
	const creds = (await readJson(CREDS)) || initAuthCreds();
	// Writes of one file are serialized so a slow write never lands after a newer one.
	const pending = new Map();
	const serialized = (name, task) => {
		const next = (pending.get(name) || Promise.resolve()).then(task, task);
		pending.set(name, next);
		return next.finally(() => {
			if (pending.get(name) === next) {
				pending.delete(name);
			}
		});
	};
	return {
		state: {
			creds,
			keys: {
				get: async (type, ids) => {
					const data = {};
					await Promise.all(ids.map(async (id) => {
						let value = await readJson(keyFile(type, id));
						if (type === 'app-state-sync-key' && value) {
							value = proto.Message.AppStateSyncKeyData.fromObject(value);
						}
						data[id] = value;
					}));
					return data;
				},
				set: async (data) => {
					const tasks = [];
					for (const category of Object.keys(data)) {
						for (const id of Object.keys(data[category])) {
							const value = data[category][id];
							const name = keyFile(category, id);
							tasks.push(serialized(name, () => (value ? writeJson(name, value) : directory.remove(name))));
						}
					}
					await Promise.all(tasks);
				},
			},
		},
		saveCreds: () => serialized(CREDS, () => writeJson(CREDS, creds)),
	};
}
