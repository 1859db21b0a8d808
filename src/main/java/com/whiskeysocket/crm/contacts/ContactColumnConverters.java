package com.whiskeysocket.crm.contacts;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The lower-case ENUM values the schema has stored since before this application. */
final class ContactColumnConverters {

	private ContactColumnConverters() {
	}

	@Converter
	static class SourceConverter implements AttributeConverter<Source, String> {

		@Override
		public String convertToDatabaseColumn(Source source) {
			return (source != null) ? source.code() : null;
		}

		@Override
		public Source convertToEntityAttribute(String code) {
			return (code != null) ? Source.fromCode(code) : null;
		}

	}

	@Converter
	static class LeadStatusConverter implements AttributeConverter<LeadStatus, String> {

		@Override
		public String convertToDatabaseColumn(LeadStatus status) {
			return (status != null) ? status.code() : null;
		}

		@Override
		public LeadStatus convertToEntityAttribute(String code) {
			return (code != null) ? LeadStatus.fromCode(code) : null;
		}

	}

}
