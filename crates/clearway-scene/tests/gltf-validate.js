// Runs the Khronos glTF validator (npm gltf-validator) over .glb files and prints one JSON
// line per file: its path and the validator's counts and first messages. Exit status 1 when
// any file has an error. Usage: node gltf-validate.js MODULE_DIR FILE...
'use strict';
const fs = require('fs');
const validator = require(process.argv[2]);
(async () => {
  let failed = false;
  for (const file of process.argv.slice(3)) {
    const report = await validator.validateBytes(new Uint8Array(fs.readFileSync(file)), {
      maxIssues: 50,
      format: 'glb',
    });
    const issues = report.issues;
    failed = failed || issues.numErrors > 0;
    console.log(JSON.stringify({
      file,
      errors: issues.numErrors,
      warnings: issues.numWarnings,
      infos: issues.numInfos,
      messages: issues.messages.slice(0, 20).map((m) => `${m.severity} ${m.code} ${m.pointer || ''}: ${m.message}`),
      info: report.info,
    }));
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
