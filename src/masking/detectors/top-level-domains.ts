// Top-level domains a spelled-out address may end in ("ada at example dot com"). Prose uses "at"
// and "dot" as words too ("aimed at red dot sights"): an address spelled with the bare word "at"
// counts only when its last label is a domain that exists. Every country code, the generic domains
// of before 2012, the new ones addresses are most often at, and the names private networks use.
const COUNTRY_CODES =
  'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ' +
  'ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ' +
  'ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ' +
  'ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt ' +
  'mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru ' +
  'rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ' +
  'ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw';
const GENERIC = 'com net org edu gov mil int info biz name pro mobi asia tel travel jobs aero coop museum cat post xxx';
const COMMON_NEW =
  'app dev page cloud tech online site website xyz store shop blog email live news club agency digital company ' +
  'solutions services network systems global group media studio design space life top icu ltd inc llc work tools ' +
  'software consulting ventures finance health law academy';
const PRIVATE = 'internal corp local lan intranet';

export const TOP_LEVEL_DOMAINS: ReadonlySet<string> = new Set(`${COUNTRY_CODES} ${GENERIC} ${COMMON_NEW} ${PRIVATE}`.split(' '));
