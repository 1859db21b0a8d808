package com.whiskeysocket.crm.audit;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The admin's view of the audit trail (the security chain lets only admins in). */
@Controller
class AuditController {

	private final AuditEntries entries;

	AuditController(AuditEntries entries) {
		this.entries = entries;
	}

	@GetMapping("/audit")
	String list(@ModelAttribute("filter") AuditFilter filter, Model model) {
		List<AuditEntry> found = entries.find(filter);
		boolean more = found.size() > AuditEntries.PAGE_SIZE;
		List<AuditEntry> page = more ? found.subList(0, AuditEntries.PAGE_SIZE) : found;
		model.addAttribute("entries", page);
		model.addAttribute("nextBefore", more ? page.get(page.size() - 1).id() : null);
		return "audit/list";
	}

}
