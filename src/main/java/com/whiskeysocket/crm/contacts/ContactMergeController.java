package com.whiskeysocket.crm.contacts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The merge page (which contact stays, and whose value of each field), a merge's own page
 * with its undo, and the undo itself.
 */
@Controller
class ContactMergeController {

	private static final String FIELD_PARAMETER = "field_";

	private final ContactMerges merges;

	private final ContactService contacts;

	private final PhoneNumbers phoneNumbers;

	private final Clock clock = Clock.systemUTC();

	ContactMergeController(ContactMerges merges, ContactService contacts, PhoneNumbers phoneNumbers) {
		this.merges = merges;
		this.contacts = contacts;
		this.phoneNumbers = phoneNumbers;
	}

	@GetMapping("/contacts/merge")
	String form(@RequestParam(name = "ids", required = false) List<Long> ids,
			@RequestParam(name = "keep", required = false) Long keep, Model model, HttpServletResponse response) {
		List<Long> chosen = (ids != null) ? ids : List.of();
		List<Map<String, String>> rows;
		try {
			rows = merges.candidates(chosen);
		}
		catch (MergeRefusedException ex) {
			return refused(ex, model, response);
		}
		long survivor = (keep != null && chosen.contains(keep)) ? keep : Long.parseLong(rows.get(0).get("id"));
		Map<MergeField, Long> defaults = MergeField.defaults(rows, survivor);
		Map<Long, String> staffNames = contacts.staffNames();
		List<Candidate> candidates = rows.stream()
			.map((row) -> new Candidate(Long.parseLong(row.get("id")), row.get("name"),
					phoneNumbers.display(row.get("phone")), row.get("source"), updatedAt(row)))
			.toList();
		List<FieldView> fields = new ArrayList<>();
		for (MergeField field : MergeField.values()) {
			List<Option> options = new ArrayList<>();
			for (Map<String, String> row : rows) {
				long id = Long.parseLong(row.get("id"));
				options.add(option(field, row, id, id == defaults.get(field), staffNames));
			}
			fields
				.add(new FieldView(field.code(), options, options.stream().map(Option::shown).distinct().count() == 1));
		}
		model.addAttribute("candidates", candidates);
		model.addAttribute("keep", survivor);
		model.addAttribute("fields", fields);
		return "contacts/merge";
	}

	@PostMapping("/contacts/merge")
	String merge(@RequestParam(name = "ids", required = false) List<Long> ids,
			@RequestParam(name = "keep", required = false) Long keep, @RequestParam MultiValueMap<String, String> form,
			@AuthenticationPrincipal StaffPrincipal me, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		Map<MergeField, Long> choices = new EnumMap<>(MergeField.class);
		form.forEach((name, values) -> {
			if (name.startsWith(FIELD_PARAMETER) && !values.isEmpty()) {
				MergeField.parse(name.substring(FIELD_PARAMETER.length())).ifPresent((field) -> {
					try {
						choices.put(field, Long.valueOf(values.get(0)));
					}
					catch (NumberFormatException ex) {
						// not a choice: the default applies
					}
				});
			}
		});
		List<Long> chosen = (ids != null) ? ids : List.of();
		ContactMerges.Merged merged;
		try {
			merged = merges.merge(new ContactMerges.MergeRequest(chosen, (keep != null) ? keep : 0, choices, false),
					me);
		}
		catch (MergeRefusedException ex) {
			return refused(ex, model, response);
		}
		redirect.addFlashAttribute("flashMessage", "merge.done");
		redirect.addFlashAttribute("flashArgs", new Object[] { chosen.size() });
		return "redirect:/contacts/" + merged.contact().id();
	}

	@GetMapping("/contacts/merges/{mergeId}")
	String show(@PathVariable long mergeId, Model model) {
		ContactMerges.MergeLog merge = merges.find(mergeId).orElseThrow(ContactController::notFound);
		model.addAttribute("merge", merge);
		model.addAttribute("canUndo", merge.canUndo(Instant.now(clock)));
		model.addAttribute("survivorName", contacts.row(merge.survivorId()).map(ContactRow::name).orElse(null));
		return "contacts/merge-log";
	}

	@PostMapping("/contacts/merges/{mergeId}/undo")
	String undo(@PathVariable long mergeId, @AuthenticationPrincipal StaffPrincipal me, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		List<Long> back;
		try {
			back = merges.undo(mergeId, me);
		}
		catch (MergeRefusedException ex) {
			return refused(ex, model, response);
		}
		redirect.addFlashAttribute("flashMessage", "merge.undone");
		redirect.addFlashAttribute("flashArgs", new Object[] { back.size() });
		return "redirect:/contacts/" + back.get(0);
	}

	private static String refused(MergeRefusedException ex, Model model, HttpServletResponse response) {
		response.setStatus(ex.status().value());
		model.addAttribute("refusal", ex.messageCode());
		model.addAttribute("refusalArgs", ex.args());
		return "contacts/merge-refused";
	}

	private Option option(MergeField field, Map<String, String> row, long id, boolean chosen,
			Map<Long, String> staffNames) {
		String value = row.get(field.column());
		if (value == null || value.isBlank()) {
			return new Option(id, null, "merge.value.none", chosen);
		}
		return switch (field) {
			case PHONE -> new Option(id, phoneNumbers.display(value), null, chosen);
			case STATUS -> new Option(id, null, "lead." + value, chosen);
			case OWNER -> {
				String name = staffNames.get(Long.valueOf(value));
				yield (name != null) ? new Option(id, name, null, chosen)
						: new Option(id, null, "contact.formerStaff", chosen);
			}
			default -> new Option(id, value, null, chosen);
		};
	}

	private static Instant updatedAt(Map<String, String> row) {
		return LocalDateTime.parse(row.get("updated_at").replace(' ', 'T')).toInstant(ZoneOffset.UTC);
	}

	/**
	 * One of the contacts to merge.
	 *
	 * @param id the contact
	 * @param name its name
	 * @param phone its number as people read it
	 * @param sourceCode where it came from
	 * @param updatedAt its last change
	 */
	record Candidate(long id, String name, String phone, String sourceCode, Instant updatedAt) {
	}

	/**
	 * A field and each contact's value of it.
	 *
	 * @param code the field's code, also its form parameter after {@code field_}
	 * @param options one per contact
	 * @param same whether every contact has the same value
	 */
	record FieldView(String code, List<Option> options, boolean same) {
	}

	/**
	 * A contact's value of a field.
	 *
	 * @param contactId whose value
	 * @param text the value as it is stored, or {@code null}
	 * @param textKey the message that says it, when {@code text} is {@code null}
	 * @param chosen whether it is the default choice
	 */
	record Option(long contactId, String text, String textKey, boolean chosen) {

		String shown() {
			return (text != null) ? "t:" + text : "k:" + textKey;
		}

	}

}
