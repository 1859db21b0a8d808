package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A contact as the JSON API shows it.
 *
 * @param id the contact id
 * @param name the name
 * @param phone the primary number's digits without {@code +}, as before there were
 * several, so old scripts keep working; {@code null} for a WhatsApp contact whose number
 * is hidden
 * @param phones every number, the primary first
 * @param emails every email address, the primary first
 * @param company may be {@code null}
 * @param leadStatus {@code new}, {@code contacted}, {@code qualified}, {@code won} or
 * {@code lost}
 * @param owner the username of the staff member it is assigned to, or {@code null}
 * @param sources which kinds of source know it: {@code manual}, {@code outlook},
 * {@code google}, {@code whatsapp}, {@code import}
 * @param identities the contact in each source, per staff member
 * @param version raised by every change; send it back in {@code If-Match}
 * @param createdAt when it was added
 * @param updatedAt its last change
 */
@Schema(name = "Contact")
record ContactJson(long id, String name, @Schema(example = "6281234567890", nullable = true) String phone,
		List<Phone> phones, List<Email> emails, @Schema(nullable = true) String company, @Schema(allowableValues = {
				"new", "contacted", "qualified", "won", "lost" }) String leadStatus,
		@Schema(nullable = true, example = "rina") String owner,
		@Schema(example = "[\"manual\", \"outlook\"]") List<String> sources, List<Identity> identities, long version,
		Instant createdAt, Instant updatedAt){

	/**
	 * One phone number.
	 *
	 * @param number E.164 with {@code +}
	 * @param label {@code mobile}, {@code work}, {@code home}, {@code main},
	 * {@code other} or a source's own label
	 * @param primary whether it is the chat number (exactly one is)
	 * @param sources which kinds of source know the number
	 */
	@Schema(name = "ContactPhone")
	record Phone(@Schema(example = "+6281234567890") String number, @Schema(example = "mobile") String label,
			boolean primary, @Schema(example = "[\"manual\"]") List<String> sources) {
	}

	/**
	 * One email address.
	 *
	 * @param address the address
	 * @param label {@code work}, {@code home}, {@code other} or a source's own label
	 * @param primary whether it is the one shown first (exactly one is)
	 */
	@Schema(name = "ContactEmail")
	record Email(@Schema(example = "rina@example.com") String address, @Schema(example = "work") String label,
			boolean primary) {
	}

	/**
	 * The contact in one staff member's address book or linked WhatsApp.
	 *
	 * @param provider {@code outlook}, {@code google} or {@code whatsapp}
	 * @param staff that staff member's username, {@code null} for a former one
	 * @param externalId the source's id of the contact
	 */
	@Schema(name = "ContactIdentity")
	record Identity(@Schema(example = "outlook") String provider, @Schema(example = "rina") String staff,
			String externalId) {
	}

	/**
	 * One page of the list.
	 *
	 * @param items the contacts on the page
	 * @param total how many contacts match, counted up to {@code 10000}
	 * @param totalCapped whether more than {@code 10000} match (then {@code total} is
	 * {@code 10000})
	 * @param page the zero-based page
	 * @param size contacts per page
	 */
	@Schema(name = "ContactList")
	record Page(List<ContactJson> items, long total, boolean totalCapped, int page, int size) {
	}

	/**
	 * What {@code POST} and {@code PATCH} take: the contact's own fields. On
	 * {@code PATCH} a field left out stays as it is; {@code phones} and {@code emails}
	 * replace the lists. Read-only fields of a contact read before ({@code id},
	 * {@code version}, …) may be sent back and are ignored.
	 *
	 * @param name required on {@code POST}
	 * @param phones at least one; the one marked {@code primary} (else the first) is the
	 * chat number
	 * @param emails optional
	 * @param company optional
	 * @param leadStatus {@code new} when left out of a {@code POST}
	 * @param owner a username; left out of a {@code POST}, the caller
	 */
	@Schema(name = "ContactInput")
	record Input(@Schema(example = "Rina Kusuma", maxLength = 500) String name, List<PhoneInput> phones,
			List<EmailInput> emails, @Schema(nullable = true, maxLength = 255) String company,
			@Schema(allowableValues = {
					"new", "contacted", "qualified", "won", "lost" }) String leadStatus,
			@Schema(nullable = true, example = "rina") String owner){
	}

	/**
	 * One number sent to {@code POST} or {@code PATCH}.
	 *
	 * @param number as dialled or with the country code
	 * @param label {@code mobile} when left out
	 * @param primary whether it is the chat number
	 */
	@Schema(name = "ContactPhoneInput")
	record PhoneInput(@Schema(example = "0812-3456-7890", requiredMode = Schema.RequiredMode.REQUIRED) String number,
			@Schema(example = "mobile") String label, boolean primary) {
	}

	/**
	 * One email address sent to {@code POST} or {@code PATCH}.
	 *
	 * @param address the address
	 * @param label optional
	 * @param primary whether it is shown first
	 */
	@Schema(name = "ContactEmailInput")
	record EmailInput(@Schema(example = "rina@example.com", requiredMode = Schema.RequiredMode.REQUIRED) String address,
			@Schema(example = "work") String label, boolean primary) {
	}

	/**
	 * What was written after a cursor.
	 *
	 * @param items each contact written, once, as it is now; a deleted one as
	 * {@code {"id": 7, "deleted": true}}
	 * @param cursor send it as {@code since} next time
	 * @param more whether more changes wait: ask again at once
	 */
	@Schema(name = "ContactChanges")
	record Changes(@ArraySchema(schema = @Schema(oneOf = {
			ContactJson.class, Deleted.class })) List<Object> items, @Schema(example = "MTIzNA") String cursor,
			boolean more){
	}

	/**
	 * A contact deleted (or merged into another) since the cursor.
	 *
	 * @param id its id
	 * @param deleted always {@code true}
	 */
	@Schema(name = "DeletedContact")
	record Deleted(long id, @Schema(allowableValues = "true") boolean deleted) {
	}

}
