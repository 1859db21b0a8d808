package com.whiskeysocket.crm.contacts;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.CreationTimestamp;

/** A dated note on a contact's timeline. Notes are added, never edited. */
@Entity
@Table(name = "contact_notes")
class ContactNote {

	static final int MAX_LENGTH = 5000;

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "contact_id", nullable = false, updatable = false)
	private long contactId;

	@Column(name = "author_id", updatable = false)
	private Long authorId;

	@Column(name = "author_name", nullable = false, length = 120, updatable = false)
	private String authorName;

	@Column(nullable = false, columnDefinition = "text", updatable = false)
	private String body;

	@CreationTimestamp
	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected ContactNote() {
	}

	ContactNote(long contactId, long authorId, String authorName, String body) {
		this.contactId = contactId;
		this.authorId = authorId;
		this.authorName = authorName;
		this.body = body;
	}

	Long getId() {
		return id;
	}

	public String getAuthorName() {
		return authorName;
	}

	public String getBody() {
		return body;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

}
