package com.whiskeysocket.crm.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver: never a browser download.
 * Tests using it are skipped, loudly, where the two are not installed ({@code .ci/run}
 * installs them, so CI always runs them).
 */
public final class Browser {

	public static final File CHROMIUM = new File("/usr/bin/chromium");

	public static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private Browser() {
	}

	public static boolean available() {
		boolean available = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
		if (!available) {
			System.err.println("\n!!!!!!!!!! SKIPPED browser test: install Debian's chromium and chromium-driver "
					+ "(apt-get install chromium chromium-driver) !!!!!!!!!!\n");
		}
		return available;
	}

	public static ChromeDriver start() throws IOException {
		Path profile = Files.createTempDirectory("crm-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
				"--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return driver;
	}

	/**
	 * Saves what the page looks like under target/screenshots, for a person to look at.
	 */
	public static void screenshot(ChromeDriver driver, String name) throws IOException {
		Path target = Path.of("target", "screenshots");
		Files.createDirectories(target);
		Files.write(target.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
	}

}
