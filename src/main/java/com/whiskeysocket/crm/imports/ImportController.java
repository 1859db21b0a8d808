package com.whiskeysocket.crm.imports;

import java.io.IOException;
import java.io.InputStream;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Import pages: choose a file, its preview (counts and each row's fate, 100 rows a page,
 * filtered by outcome), confirm or cancel, and the result (the run's counts, live while
 * it runs). Staff see only their own uploads.
 */
@Controller
class ImportController {

	private final ImportService imports;

	private final ImportsProperties properties;

	ImportController(ImportService imports, ImportsProperties properties) {
		this.imports = imports;
		this.properties = properties;
	}

	@GetMapping("/imports/new")
	String form(Model model) {
		model.addAttribute("maxSize", ImportService.size(properties.maxFileSize().toBytes()));
		model.addAttribute("maxBytes", properties.maxFileSize().toBytes());
		model.addAttribute("maxRows", properties.maxRows());
		return "imports/new";
	}

	@PostMapping("/imports")
	String upload(@RequestParam(name = "file", required = false) MultipartFile file,
			@AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) throws IOException {
		if (file == null || file.isEmpty()) {
			return rejected(new ImportRejectedException("import.error.noFile"), redirect, "/imports/new");
		}
		try (InputStream in = file.getInputStream()) {
			long id = imports.upload(me.id(), file.getOriginalFilename(), file.getSize(), in);
			return "redirect:/imports/" + id;
		}
		catch (ImportRejectedException ex) {
			return rejected(ex, redirect, "/imports/new");
		}
	}

	@GetMapping("/imports/{id}")
	String show(@PathVariable long id, @RequestParam(required = false) String show,
			@RequestParam(defaultValue = "0") String page, @AuthenticationPrincipal StaffPrincipal me, Model model) {
		ImportUploads.Upload upload = imports.find(id, me.id()).orElseThrow(ImportController::notFound);
		model.addAttribute("upload", upload);
		if (!upload.previewed()) {
			model.addAttribute("run", imports.run(upload).orElse(null));
			return "imports/result";
		}
		ImportService.Show filter = ImportService.Show.from(show);
		int total = filter.outcomes().isEmpty() ? upload.counts().total()
				: filter.outcomes().stream().mapToInt((o) -> upload.counts().count(o)).sum();
		int pages = Math.max(1, (total + ImportService.PREVIEW_PAGE - 1) / ImportService.PREVIEW_PAGE);
		int number = Math.min(parsePage(page), pages - 1);
		model.addAttribute("show", filter.code());
		model.addAttribute("tabs",
				java.util.Arrays.stream(ImportService.Show.values())
					.map((tab) -> new Tab(tab.code(),
							tab.outcomes().isEmpty() ? upload.counts().total()
									: tab.outcomes().stream().mapToInt((o) -> upload.counts().count(o)).sum()))
					.toList());
		model.addAttribute("rows", imports.rows(id, filter, number));
		model.addAttribute("page", number);
		model.addAttribute("pages", pages);
		model.addAttribute("shown", total);
		model.addAttribute("from", (long) number * ImportService.PREVIEW_PAGE + 1);
		model.addAttribute("pageSize", ImportService.PREVIEW_PAGE);
		return "imports/preview";
	}

	@PostMapping("/imports/{id}/confirm")
	String confirm(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) {
		try {
			imports.confirm(id, me.id());
		}
		catch (ImportRejectedException ex) {
			rejected(ex, redirect, null);
		}
		return "redirect:/imports/" + id;
	}

	@PostMapping("/imports/{id}/retry")
	String retry(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) {
		try {
			imports.retry(id, me.id());
		}
		catch (ImportRejectedException ex) {
			rejected(ex, redirect, null);
		}
		return "redirect:/imports/" + id;
	}

	@PostMapping("/imports/{id}/cancel")
	String cancel(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) {
		if (imports.cancel(id, me.id())) {
			redirect.addFlashAttribute("flashMessage", "import.cancelled");
		}
		return "redirect:/contacts";
	}

	/** A file above the server's own multipart limit, which is above the import's. */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	String tooLarge(RedirectAttributes redirect) {
		return rejected(new ImportRejectedException("import.error.tooLargeUnknown",
				ImportService.size(properties.maxFileSize().toBytes())), redirect, "/imports/new");
	}

	private static String rejected(ImportRejectedException ex, RedirectAttributes redirect, String to) {
		redirect.addFlashAttribute("importError", ex.messageCode());
		redirect.addFlashAttribute("importErrorArgs", ex.args());
		return (to != null) ? "redirect:" + to : null;
	}

	private static int parsePage(String page) {
		try {
			return Math.max(0, Integer.parseInt(page));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * A filter of the preview's rows.
	 *
	 * @param code {@code all}, {@code new}, …
	 * @param count rows it shows
	 */
	record Tab(String code, int count) {
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

}
