// Jest's console prints every console.log/warn with a header and a stack location, so a test that skips for an
// expected reason (no ../shared data, no Chromium) looks like a failure in the log. Tests print plain lines instead.
'use strict';
const { Console } = require('console');

global.console = new Console({ stdout: process.stdout, stderr: process.stderr });
