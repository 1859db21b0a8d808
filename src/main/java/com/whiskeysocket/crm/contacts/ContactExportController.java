package com.whiskeysocket.crm.contacts;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Downloads of the contact list as CSV or vCard: everything the list's filters match
 * ({@code GET /contacts/export?format=csv&q=…}), or from the bulk bar the ticked contacts
 * or all matching ({@code export=csv} or {@code export=vcard} instead of an
 * {@code action}). The file is written while it is read, never held whole.
 */
@Controller
class ContactExportController {

	private final ContactExport export;

	ContactExportController(ContactExport export) {
		this.export = export;
	}

	@GetMapping("/contacts/export")
	void filtered(ContactSearch.Filters filters, @RequestParam(defaultValue = "csv") String format,
			@AuthenticationPrincipal StaffPrincipal me, HttpServletResponse response) throws IOException {
		write(new ContactSelections.Selection(List.of(), true, ContactSearch.from(filters, me.id())), parse(format),
				response);
	}

	@PostMapping(path = "/contacts/bulk", params = "export")
	ModelAndView selected(ContactSearch.Filters filters, @RequestParam(required = false) List<Long> ids,
			@RequestParam(defaultValue = "false") boolean allMatching, @RequestParam("export") String format,
			@AuthenticationPrincipal StaffPrincipal me, HttpServletResponse response, RedirectAttributes redirect)
			throws IOException {
		ContactExport.Format parsed = parse(format);
		ContactSelections.Selection selection = ContactBulkController.selection(filters, ids, allMatching, me);
		if (!allMatching && selection.ids().isEmpty()) {
			redirect.addFlashAttribute("flashError", "bulk.nothingSelected");
			return new ModelAndView(ContactBulkController.backToList(filters, redirect));
		}
		write(selection, parsed, response);
		// the response is written: no view
		return null;
	}

	private void write(ContactSelections.Selection selection, ContactExport.Format format, HttpServletResponse response)
			throws IOException {
		response.setContentType(format.contentType());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(export.fileName(format)).build().toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		export.export(selection, format, response.getOutputStream());
		response.flushBuffer();
	}

	private static ContactExport.Format parse(String format) {
		return ContactExport.Format.parse(format).orElseThrow(ContactPageController::badRequest);
	}

}
