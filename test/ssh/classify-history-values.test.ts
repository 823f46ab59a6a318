// History variables set to a value that stops recording, in every form bash reads that way: bash
// takes HISTSIZE and HISTFILESIZE as a number after skipping blanks and a sign (` 0`, `+0`, `-0`
// keep no history), evaluates them as arithmetic once declared -i (`1-1`), and a value the line
// does not show (`$Z`, `$(...)`, read, mapfile, printf -v) may be anything; arithmetic assigns
// any variable it names (`let HISTSIZE=0`, `((HISTFILE=1))`). Each must be denied as history
// tampering; a plain number other than zero, and a HISTIGNORE pattern without `*`, must not.
// The second table sets them in every other form bash assigns: ${NAME:=value} wherever it stands,
// arithmetic in subscripts, integer values and -v tests, the builtins that store into a name
// (read, mapfile, getopts, printf -v, name references), loop variables, and a name known only at
// run time (it may be any); with it, HISTCONTROL's ignorespace and the history option turned off.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';
import { decideShell } from '../fixtures/shipped-policy.ts';

before(() => initShellParser());

const TAMPERING = [
  'HISTSIZE=0',
  'HISTSIZE=-0',
  'HISTSIZE=+0',
  "HISTSIZE=' 0'",
  "HISTSIZE='0 '",
  "HISTFILESIZE=$'\\t00'",
  'HISTSIZE= ls',
  'HISTSIZE=$Z ls',
  'Z=0; HISTSIZE=$Z',
  'HISTSIZE=$(echo 0)',
  'HISTFILESIZE=${N} ls',
  'export HISTSIZE=$Z',
  'declare HISTFILESIZE="$Z"',
  'declare -i HISTSIZE=1-1',
  'declare -i HISTSIZE; HISTSIZE=0x0',
  'HISTIGNORE=$P ls',
  'HISTIGNORE="$P"',
  'read HISTIGNORE <<< "*"',
  'mapfile HISTIGNORE',
  'printf -v HISTSIZE 0',
  'read HISTSIZE <<< 0',
  // arithmetic assigns any variable it names
  'let HISTSIZE=0',
  '((HISTSIZE=0))',
  ': $((HISTFILESIZE=0))',
  'for ((HISTSIZE=0; 0; )); do :; done',
  '(( HISTFILE = 1 ))',
  'a[HISTSIZE=0]=1',
];

const KEEPING = ['let n=HISTCMD+1', 'for ((i=0; i<1; i++)); do echo HISTSIZE; done', 'HISTSIZE=10 ls', 'HISTSIZE=-1 ls', "HISTFILESIZE=' 5000 '", 'HISTSIZE=010', 'HISTIGNORE=ls ls', "HISTIGNORE='ls:pwd'", 'Z=$HISTSIZE'];

describe('history variables set by value', () => {
  for (const line of TAMPERING) {
    it(`denies ${line} as history tampering`, () => {
      const facts = classifyShellLine(line);
      assert.ok(facts.danger.includes('history_tamper'), `${line}: ${facts.danger.join(', ')}`);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
  for (const line of KEEPING) {
    it(`does not read ${line} as history tampering`, () => {
      assert.deepEqual(classifyShellLine(line).danger, []);
    });
  }
});

// Every way bash sets a variable, each with a history variable: the same checks as NAME=value.
const FORMS: Array<[string, string]> = [
  // ${NAME:=value} and ${NAME=value} assign wherever the expansion stands
  ['${HISTFILE:=/dev/null}', 'a default assignment as the command name'],
  [': ${HISTSIZE:=0}', 'a default assignment as an argument of :'],
  ['echo ${HISTSIZE=0}', 'an unset-only default assignment as an argument of a read-only command'],
  ['echo "x${HISTFILESIZE=0}y"', 'a default assignment inside double quotes'],
  ['cat <<EOF\n${HISTFILE:=/dev/null}\nEOF', 'a default assignment in a heredoc'],
  ['cat <<< ${HISTFILE:=/dev/null}', 'a default assignment in a here-string'],
  ['echo $(echo ${HISTSIZE:=0})', 'a default assignment in a command substitution'],
  ['echo `echo \\${HISTSIZE:=0}`', 'a default assignment in backticks'],
  ['echo <(echo ${HISTSIZE:=0})', 'a default assignment in a process substitution'],
  ['echo ${a[${HISTSIZE:=0}]}', 'a default assignment in an array subscript'],
  ['echo ${x:-${HISTFILE:=/dev/null}}', 'a default assignment nested in a default'],
  ['echo ${x/${HISTSIZE:=0}/}', 'a default assignment in a replaced pattern'],
  ['[[ $x =~ ${HISTSIZE:=0} ]]', 'a default assignment in a =~ regex'],
  ['ls > ${HISTFILE:=/dev/null}', 'a default assignment in a redirection target'],
  ['case ${HISTSIZE:=0} in *) ;; esac', 'a default assignment as a case subject'],
  ['for x in ${HISTFILE:=/dev/null}; do :; done', 'a default assignment in a loop list'],
  ['x=${HISTFILE:=/dev/null}', 'a default assignment in an assignment value'],
  ['echo ${HISTIGNORE:=*}', 'a default assignment of a HISTIGNORE pattern'],
  ['echo ${!V:=x}', 'a default assignment through an indirect name'],
  ["bash -c 'echo ${HISTFILE:=/dev/null}'", 'a default assignment in code run by bash -c'],
  // arithmetic assigns what it names
  ['echo $((HISTSIZE=0))', 'an arithmetic expansion'],
  ['echo ${a[HISTSIZE=0]}', 'an arithmetic array subscript'],
  ['echo ${x:(HISTSIZE=0)}', 'a substring offset'],
  ['echo ${x:0:(HISTSIZE=0)}', 'a substring length'],
  ['x=( [HISTSIZE=0]=1 )', 'an arithmetic subscript in an array literal'],
  ['declare -a a=([HISTSIZE=0]=1)', 'an arithmetic subscript in a declared array literal'],
  ['[[ HISTSIZE=0 -lt 1 ]]', 'an operand of -lt in [[ ]]'],
  ['for ((i=0; i<3; HISTSIZE=0)); do :; done', 'the update of a C-style for'],
  ['declare -i x; x=HISTSIZE=0', 'the value of an integer variable'],
  ['declare -i x=HISTSIZE=0', 'the value of an integer variable declared with it'],
  ['x=HISTSIZE=0; echo $((x))', 'a value arithmetic reads'],
  ['x=HISTSIZE=0; y=x; ((y))', 'a value arithmetic reads through another variable'],
  ['((HISTSIZE--))', 'a decrement'],
  ['[[ -v a[HISTSIZE=3] ]]', 'the subscript of [[ -v ]]'],
  ["test -v 'a[HISTSIZE=4]'", 'the subscript of test -v'],
  ['[ -v "a[HISTSIZE=4]" ]', 'the subscript of [ -v ]'],
  ["unset 'a[HISTSIZE=5]'", 'the subscript of an element unset'],
  ["printf -v 'a[HISTSIZE=6]' x", 'the subscript of an element printf -v sets'],
  ["read 'a[HISTSIZE=7]' <<< x", 'the subscript of an element read sets'],
  ["declare 'a[HISTSIZE=8]=1'", 'the subscript of an element declared in quotes'],
  ["r='a[HISTSIZE=3]'; echo ${!r}", 'the subscript of an element named by an indirect expansion'],
  // builtins that assign
  ['export $V=0', 'export of a name known at run time'],
  ['export "$V"=0', 'export of a quoted name known at run time'],
  ['declare "$N"=x', 'declare of a name known at run time'],
  ['export $(echo HISTSIZE=0)', 'export of a substitution'],
  ['e=export; $e HISTSIZE=0', 'an assignment given to a command named at run time'],
  ['$c -v HISTSIZE 0', 'a plain name given to a command named at run time'],
  ['builtin $x HISTSIZE=0', 'an assignment given to a builtin named at run time'],
  ["shopt -s expand_aliases\nalias p='printf -v'\np HISTSIZE 0", 'a name given to an alias of printf -v'],
  ["shopt -s expand_aliases\nalias e=declare\ne HISTFILE=/dev/null", 'an assignment given to an alias of declare'],
  ['readonly $V', 'readonly of an operand known at run time'],
  ['unset "$V"', 'unset of a name known at run time'],
  ['declare -- HISTSIZE=0', 'declare after --'],
  ['export -p "HISTSIZE=0"', 'export -p, which still assigns'],
  ['readonly -p "HISTFILE=/dev/null"', 'readonly -p, which still assigns'],
  ['declare -x HISTSIZE=0', 'declare -x'],
  ['declare -n r=HISTSIZE; r=0', 'a name reference'],
  ['typeset -n r=HISTFILE', 'a name reference by typeset'],
  ['declare -n r; r=HISTSIZE; r=0', 'a name reference given its name later'],
  ["declare -n r='a[HISTSIZE=3]'; r=1", 'a name reference to an array element'],
  ['f() { local -n r=$1; r=0; }; f HISTSIZE', 'a name reference to a function argument'],
  ['printf -v "$N" 0', 'printf -v of a name known at run time'],
  ['read -aHISTFILE <<< x', 'read -a with the name attached'],
  ['read -p x HISTSIZE <<< 0', 'read after an option value'],
  ['read -t 1 HISTSIZE', 'read -t'],
  ['read "$N" <<< 0', 'read of a name known at run time'],
  ['IFS== read HISTSIZE x <<< 0', 'read of two names'],
  ['while read HISTFILE; do :; done < list', 'read as a loop condition'],
  ['readarray -t HISTFILE < /dev/null', 'readarray'],
  ['mapfile -O 0 HISTFILE < /dev/null', 'mapfile after an option value'],
  ['getopts o HISTFILE', 'getopts'],
  ['wait -n -p HISTSIZE', 'wait -p'],
  ['compgen -V HISTFILE -W x', 'compgen -V'],
  [': {HISTFILE}>/dev/null', 'a descriptor variable of a redirection'],
  ['exec {HISTFILE}>/dev/null', 'a descriptor variable of exec'],
  ['ls {HISTFILE}</etc/hosts', 'a descriptor variable of a read-only command'],
  ['declare -n r; for r in HISTSIZE; do r=0; done', 'a loop over a name reference'],
  ['declare -ai x=HISTSIZE=0', 'the value of an integer array declared with it'],
  ["mapfile -C 'HISTSIZE=0' -c 1 x < /etc/hosts", 'the callback mapfile runs'],
  ["trap 'HISTSIZE=0' EXIT", 'the code trap runs'],
  ['getopts "o:" HISTFILE -o /dev/null', 'getopts with arguments'],
  ['for HISTFILE in /dev/null; do :; done', 'a for loop variable'],
  ['for HISTSIZE; do :; done', 'a for loop variable over the arguments'],
  ['select HISTFILE in /dev/null; do break; done', 'a select variable'],
  ['time HISTSIZE=0', 'an assignment after the time keyword'],
  ['time -p HISTSIZE=0', 'an assignment after time -p'],
  ['builtin read HISTSIZE <<< 0', 'read behind builtin'],
  ['command printf -v HISTSIZE 0', 'printf -v behind command'],
  ['eval "\\${HISTSIZE:=0}"', 'a default assignment in eval'],
  // HISTCONTROL that drops commands written after a space
  ['HISTCONTROL=ignorespace', 'HISTCONTROL=ignorespace'],
  ['export HISTCONTROL=ignoreboth', 'HISTCONTROL=ignoreboth exported'],
  ['HISTCONTROL=erasedups:ignorespace', 'HISTCONTROL with ignorespace among others'],
  ['HISTCONTROL=$X', 'HISTCONTROL set to a value known at run time'],
  ['declare -l HISTCONTROL=IGNOREBOTH', 'HISTCONTROL in capitals, lowered by declare -l'],
  ['read HISTCONTROL <<< ignoreboth', 'HISTCONTROL read'],
  [': ${HISTCONTROL:=ignoreboth}', 'HISTCONTROL by a default assignment'],
  // HISTIGNORE patterns that match every line without a `*`
  ["HISTIGNORE='+(?)'", 'an extglob HISTIGNORE pattern'],
  ["HISTIGNORE='?*'", 'a HISTIGNORE pattern with ?'],
  // the history option turned off
  ['shopt -uo history', 'shopt -uo history'],
  ['shopt -ou history', 'shopt -ou history'],
  ['shopt -uo $X', 'shopt -uo of an option known at run time'],
  ['set +o $X', 'set +o of an option known at run time'],
  ['set $X', 'set of options known at run time'],
  ['shopt $X history', 'shopt with letters known at run time'],
];

/** Lines that read history variables, set them to what keeps history, or are not assignments at all. */
const NOT_TAMPERING: Array<[string, string]> = [
  ["echo '${HISTSIZE:=0}'", 'a default assignment in single quotes'],
  ['echo p=1; p HISTSIZE 0', 'a word with "=" given to a command that defines no alias'],
  ['alias ll; p HISTSIZE 0', 'an alias printed, not defined'],
  ["cat <<'EOF'\n${HISTFILE:=/dev/null}\nEOF", 'a default assignment in a quoted heredoc'],
  ['echo ${HISTSIZE:-0}', 'a default value that assigns nothing'],
  ['echo ${HISTSIZE:+0}', 'an alternative value'],
  ['echo ${HISTSIZE:=1000}', 'a default assignment of a plain number'],
  ['echo ${HISTFILE:-none}', 'a default value of HISTFILE'],
  ['echo ${#HISTSIZE}', 'a length'],
  ['echo $((HISTCMD+1))', 'arithmetic on HISTCMD'],
  ['HISTCONTROL=ignoredups ls', 'HISTCONTROL=ignoredups'],
  ['HISTCONTROL=erasedups', 'HISTCONTROL=erasedups'],
  ["HISTIGNORE='ls:pwd'", 'a HISTIGNORE list of plain commands'],
  ['export HISTFILESIZE=2000', 'HISTFILESIZE exported as a plain number'],
  ['set +H', 'set +H (history expansion only)'],
  ['set -o nohistory', 'set -o nohistory (no such option)'],
  ['set +o hist', 'set +o hist (no such option; bash takes no prefix)'],
  ['shopt -s histappend', 'shopt -s histappend'],
  ['set -- $line', 'set of positional arguments known at run time'],
  ['set -o history', 'set -o history'],
  ['declare -g HISTFILE', 'a declaration without a value'],
  ['declare -n r=other; r=0', 'a name reference to another variable'],
  ['for f in *.log; do echo $f; done', 'a for loop over files'],
  ['read -r line < file', 'read of a plain name'],
  ['getopts ab opt', 'getopts of a plain name'],
  ['[[ $a -eq 1 ]]', 'an arithmetic test'],
  ['$cmd $args', 'a command named at run time with operands named at run time'],
  ['${PAGER:-less} file', 'a command named at run time with a lowercase operand'],
  ["alias ll='ls -l'; ll /var/log", 'a path given to an alias'],
  ['test -v HOME', 'test -v of a plain name'],
];

describe('history variables set in every form bash assigns', () => {
  for (const [line, form] of FORMS) {
    it(`denies ${form} as history tampering: ${line}`, () => {
      const facts = classifyShellLine(line);
      assert.ok(facts.danger.includes('history_tamper'), `${line}: ${facts.danger.join(', ')}`);
      assert.equal(decideShell(facts).effect, 'deny');
    });
  }
  for (const [line, form] of NOT_TAMPERING) {
    it(`does not read ${form} as history tampering: ${line}`, () => {
      assert.ok(!classifyShellLine(line).danger.includes('history_tamper'), line);
    });
  }
});
