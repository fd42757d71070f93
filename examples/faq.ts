/**
 * `npm start`: the HUAWEI CLOUD IMS "Image Sharing FAQs", live. For every question, in the
 * FAQ's order: the question as the FAQ words it, the FAQ's answer, what the model does, and
 * whether the two agree. Exits non-zero if any answer disagrees.
 */
import { SCENARIOS } from './faq-scenarios.js';

const tty = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: number) => (text: string) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint(1);
const dim = paint(2);
const green = paint(32);
const red = paint(31);

console.log(bold('ims-sharing: the Image Sharing FAQs, run on the model (embedded default world)\n'));
let disagreements = 0;
SCENARIOS.forEach((s, i) => {
  const answer = s.run();
  if (!answer.agrees) disagreements++;
  console.log(bold(`${i + 1}. ${s.question}`));
  console.log(dim(`   FAQ: ${s.faqAnswer}`));
  console.log(`   Model (${s.rules.join(', ')}):`);
  for (const line of answer.lines) console.log(`     ${line}`);
  if (answer.codes.length > 0) console.log(`     violation codes: ${[...new Set(answer.codes)].join(', ')}`);
  console.log(`   ${answer.agrees ? green('agrees with the FAQ') : red('DISAGREES with the FAQ')}\n`);
});
const summary = `${SCENARIOS.length - disagreements} of ${SCENARIOS.length} answers agree with the FAQ`;
console.log(disagreements === 0 ? green(bold(summary)) : red(bold(summary)));
process.exitCode = disagreements === 0 ? 0 : 1;
