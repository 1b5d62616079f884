// Which Chromium the e2e tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the
// headless Chromium shipped inside the @sparticuz/chromium npm tarball, so `npm install && npm test`
// needs nothing installed by hand. No browser found is an error that says what to install, never a skip.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import * as tar from "tar-fs";

export type ChromiumLaunch = { executablePath: string; args: string[]; env?: Record<string, string> };

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

// Quiet and deterministic: no GPU, no update checks, syncing or first-run UI in a test browser.
const OUR_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

// @sparticuz tunes its args for Lambda; these of them would change what the tests see:
const NOT_FOR_US = [
  "--headless", // Playwright sets headless mode itself
  "--single-process", // a second browser context then loses its page ("Target page … has been closed")
  // Chromium keeps only the last of a repeated switch, so these would replace Playwright's own feature lists.
  "--disable-features=",
  "--enable-features=",
  // The tests must meet the same-origin and mixed-content rules a user's browser enforces.
  "--disable-web-security",
  "--allow-running-insecure-content",
];
const suitsTests = (arg: string) => !NOT_FOR_US.some((unsuited) => arg.startsWith(unsuited));

export async function findChromium(): Promise<ChromiumLaunch> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return { executablePath: fromEnv, args: OUR_ARGS };
  if (fs.existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, args: OUR_ARGS };
  return unpackedNpmChromium();
}

/** The npm-shipped Chromium, unpacked once per version into the temp dir and reused after. */
async function unpackedNpmChromium(): Promise<ChromiumLaunch> {
  const bin = npmChromiumBin();
  const { version } = JSON.parse(fs.readFileSync(path.join(bin, "..", "package.json"), "utf8")) as { version: string };
  const dir = path.join(os.tmpdir(), `switchboard-chromium-${version}`);
  if (!fs.existsSync(dir)) await unpackOnce(bin, dir);
  // Imported only here, so a machine with Debian's Chromium never needs the package.
  const { default: npmChromium } = await import("@sparticuz/chromium");
  const args = [...npmChromium.args.filter(suitsTests), ...OUR_ARGS];
  return {
    executablePath: path.join(dir, "chromium"),
    args: [...new Set(args)],
    env: {
      // Its build links libnss3/libnspr4, which come with Debian's chromium but not with a bare
      // machine; the tarball's al2023 archive carries them (@sparticuz unpacks it only on Lambda).
      LD_LIBRARY_PATH: [path.join(dir, "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
      // Its fontconfig is built in; point it at a config that finds the shipped fonts and any system ones.
      FONTCONFIG_FILE: path.join(dir, "fonts.conf"),
    },
  };
}

/** Where @sparticuz keeps its brotli-compressed binaries, or what to install when it is missing. */
function npmChromiumBin(): string {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `No Chromium for the browser tests: the npm-shipped one is for linux x64 only (this is ${process.platform} ${process.arch}). ` +
        "Install Chromium (Debian: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.",
    );
  }
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..", "bin");
  } catch (error) {
    throw new Error(
      `No Chromium for the browser tests: ${DEBIAN_CHROMIUM} is absent, CHROMIUM_PATH is unset and the ` +
        "@sparticuz/chromium devDependency is not installed. Run `npm install` (or `apt-get install chromium`, " +
        "or set CHROMIUM_PATH).",
      { cause: error },
    );
  }
}

/**
 * Unpacks into a private temp dir, then renames it into place: two test files starting at once
 * both unpack, one rename wins, and nobody ever sees (or execs) a half-written binary.
 */
async function unpackOnce(bin: string, dir: string) {
  const partial = fs.mkdtempSync(`${dir}.partial-`);
  try {
    await pipeline(
      fs.createReadStream(path.join(bin, "chromium.br")),
      zlib.createBrotliDecompress(),
      fs.createWriteStream(path.join(partial, "chromium"), { mode: 0o755 }),
    );
    // swiftshader (software GL) sits beside the binary, where Chromium looks for it; al2023 brings lib/.
    for (const archive of ["swiftshader.tar.br", "al2023.tar.br", "fonts.tar.br"]) {
      await pipeline(fs.createReadStream(path.join(bin, archive)), zlib.createBrotliDecompress(), tar.extract(partial));
    }
    // The shipped fonts.conf names Lambda's paths; ours names the unpacked fonts, then the system's.
    fs.writeFileSync(path.join(partial, "fonts.conf"), fontsConf(dir));
    fs.renameSync(partial, dir);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (fs.existsSync(path.join(dir, "chromium"))) return; // another test file's rename won
    throw error;
  }
}

function fontsConf(dir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(dir, "fonts")}</dir>
  <cachedir>${path.join(dir, "fonts-cache")}</cachedir>
</fontconfig>
`;
}
