package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import com.whiskeysocket.crm.contacts.NameTokens;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The words of every existing contact's name, by the same rules the application uses for
 * the contacts it writes ({@link NameTokens}), read and written a thousand contacts at a
 * time.
 */
public class V29_1__fill_contact_name_tokens extends BaseJavaMigration {

	private static final int CHUNK = 1000;

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		long after = 0;
		try (PreparedStatement read = connection
			.prepareStatement("SELECT id, name FROM contacts WHERE id > ? ORDER BY id LIMIT " + CHUNK);
				PreparedStatement write = connection
					.prepareStatement("INSERT INTO contact_name_tokens (token, contact_id) VALUES (?, ?)")) {
			while (true) {
				read.setLong(1, after);
				int rows = 0;
				int pending = 0;
				try (ResultSet contacts = read.executeQuery()) {
					while (contacts.next()) {
						rows++;
						after = contacts.getLong("id");
						for (String token : NameTokens.of(contacts.getString("name"))) {
							write.setString(1, token);
							write.setLong(2, after);
							write.addBatch();
							pending++;
						}
					}
				}
				if (pending > 0) {
					write.executeBatch();
				}
				if (rows < CHUNK) {
					return;
				}
			}
		}
	}

}
