package com.whiskeysocket.crm.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
	 * Makes the viewport exactly this size, as a phone ({@code mobile}: the viewport meta
	 * tag counts) or a desktop window.
	 */
	public static void viewport(ChromeDriver driver, int width, int height, boolean mobile) {
		// the window too, so that scrolling and clicks agree with the emulated viewport
		driver.manage().window().setSize(new Dimension(width, height));
		driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
	}

	/** Asks for pages in this language from now on, as a browser set to it would. */
	public static void language(ChromeDriver driver, String language) {
		driver.executeCdpCommand("Network.enable", Map.of());
		driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Accept-Language", language)));
	}

	/**
	 * A real click, after scrolling the element to the middle of the emulated viewport (a
	 * sticky bar may cover it otherwise).
	 */
	public static void click(ChromeDriver driver, By locator) {
		WebElement element = driver.findElement(locator);
		driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
		element.click();
	}

	/** Signs in on the sign-in page the browser shows, and waits until it has left it. */
	public static void signIn(ChromeDriver driver, WebDriverWait wait, String username, String password) {
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
		driver.findElement(By.id("password")).sendKeys(password);
		driver.findElement(By.cssSelector("main form button[type=submit]")).click();
		wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	/** Whether anything makes the page scroll sideways. */
	public static boolean scrollsSideways(ChromeDriver driver) {
		Object wider = driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
		return Boolean.TRUE.equals(wider);
	}

	/**
	 * Saves the whole page, not only the viewport, under target/screenshots.
	 */
	public static void fullPageScreenshot(ChromeDriver driver, String name) throws IOException {
		Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
		@SuppressWarnings("unchecked")
		Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
		double width = ((Number) size.get("width")).doubleValue();
		double height = Math.min(((Number) size.get("height")).doubleValue(), 3000);
		Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
				Map.of("format", "png", "captureBeyondViewport", true, "clip",
						Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
		Path target = Path.of("target", "screenshots");
		Files.createDirectories(target);
		Files.write(target.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
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
