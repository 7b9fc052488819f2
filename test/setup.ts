// Runs in every test file (vitest `setupFiles`): tests leave nothing behind in the temp directory.
import { afterAll } from "vitest";
import { removeTempDirs } from "./helpers/temp";

afterAll(removeTempDirs);
