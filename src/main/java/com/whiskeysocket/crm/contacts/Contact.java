package com.whiskeysocket.crm.contacts;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

/**
 * One person in the shared contact list. Its numbers, emails and identities are rows of
 * their own (see the package description); {@code phone} and {@code email} here are the
 * primary ones.
 */
@Entity
@Table(name = "contacts")
@EntityListeners(ContactChangeListener.class)
class Contact {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, length = 500)
	private String name;

	/**
	 * The primary number (a copy of the {@code contact_phones} row marked primary), or
	 * {@code null} for a person known only by a WhatsApp LID.
	 */
	@Column(length = 20)
	private String phone;

	@Column(length = 320)
	private String email;

	@Column(length = 255)
	private String company;

	/** {@link NameKey} of the name and company, for duplicate suggestions. */
	@Column(name = "name_key", length = 300)
	private String nameKey;

	@Column(name = "google_contact_id")
	private String googleContactId;

	@Column(name = "outlook_contact_id")
	private String outlookContactId;

	@Convert(converter = ContactColumnConverters.SourceConverter.class)
	@Column(nullable = false, columnDefinition = "enum('whatsapp','google','outlook','both','manual')")
	private Source source = Source.MANUAL;

	@Convert(converter = ContactColumnConverters.LeadStatusConverter.class)
	@Column(name = "lead_status", nullable = false,
			columnDefinition = "enum('new','contacted','qualified','won','lost')")
	private LeadStatus leadStatus = LeadStatus.NEW;

	@Column(columnDefinition = "text")
	private String notes;

	@Column(name = "name_edited", nullable = false)
	private boolean nameEdited;

	/** The staff member the contact is assigned to, or {@code null}. */
	@Column(name = "owner_id")
	private Long ownerId;

	/** Set by a sync when Outlook deleted a contact that only Outlook had. */
	@Column(name = "outlook_removed_at", insertable = false, updatable = false)
	private Instant outlookRemovedAt;

	@CreationTimestamp
	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@UpdateTimestamp
	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	/**
	 * Raised by every write, this one's and the JDBC ones' ({@code version = version + 1}
	 * in {@link ContactImport} and {@link ContactSelections}), so an edit made on an
	 * older copy is refused instead of overwriting what was saved since.
	 */
	@Version
	@Column(nullable = false)
	private long version;

	protected Contact() {
	}

	Contact(String phone, ContactDetails details) {
		this.phone = phone;
		this.nameEdited = true;
		apply(details);
	}

	/**
	 * Applies an edit by hand. A name typed by staff is kept by syncs from then on,
	 * unless they ask for the address books' name again.
	 */
	void update(String phone, ContactDetails details, boolean keepName) {
		this.phone = phone;
		this.nameEdited = keepName || !details.name().equals(this.name);
		apply(details);
	}

	private void apply(ContactDetails details) {
		this.name = details.name();
		this.email = details.email();
		this.company = details.company();
		this.nameKey = NameKey.of(details.name(), details.company());
		this.leadStatus = details.leadStatus();
		this.notes = details.notes();
		this.ownerId = details.ownerId();
	}

	void moveTo(LeadStatus status) {
		this.leadStatus = status;
	}

	void assignTo(Long ownerId) {
		this.ownerId = ownerId;
	}

	Long getId() {
		return id;
	}

	String getName() {
		return name;
	}

	String getPhone() {
		return phone;
	}

	String getEmail() {
		return email;
	}

	String getCompany() {
		return company;
	}

	String getGoogleContactId() {
		return googleContactId;
	}

	String getOutlookContactId() {
		return outlookContactId;
	}

	Source getSource() {
		return source;
	}

	LeadStatus getLeadStatus() {
		return leadStatus;
	}

	String getNotes() {
		return notes;
	}

	Long getOwnerId() {
		return ownerId;
	}

	boolean isNoLongerInOutlook() {
		return outlookRemovedAt != null;
	}

	boolean isNameEdited() {
		return nameEdited;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

	Instant getUpdatedAt() {
		return updatedAt;
	}

	long getVersion() {
		return version;
	}

	/**
	 * What staff edit by hand, apart from the phone number.
	 *
	 * @param name the name shown in the list
	 * @param email an email address or {@code null}
	 * @param company a company or {@code null}
	 * @param leadStatus the lead status
	 * @param notes free text or {@code null}
	 * @param ownerId the staff member it is assigned to, or {@code null}
	 */
	record ContactDetails(String name, String email, String company, LeadStatus leadStatus, String notes,
			Long ownerId) {
	}

}
