package com.whiskeysocket.crm.sync;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sync history: a staff member sees their own runs, an admin everyone's. */
@Controller
class SyncHistoryController {

	private static final int SHOWN = 100;

	private final SyncRuns runs;

	SyncHistoryController(SyncRuns runs) {
		this.runs = runs;
	}

	@GetMapping("/sync/history")
	String history(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
		model.addAttribute("liveSince", runs.mark());
		model.addAttribute("runs", runs.history(staff.isAdmin() ? null : staff.id(), SHOWN));
		model.addAttribute("everyone", staff.isAdmin());
		return "sync/history";
	}

}
