package value

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The Chinese ways of writing dates, periods, ages and recurrences are
// rewritten here into the forms the rest of the package reads, after Fold:
// 2026年12月10日 is 2026-12-10, 2026年第四季度 is 2026-Q4, 7天 is 7d,
// 每周五 18:00 is weekly fri 18:00.

// chineseDay is a date in the Chinese way: 2026年12月10日, 12月10日 (this
// year), with 号 for 日 or without either.
var chineseDay = regexp.MustCompile(`^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?$`)

// chineseDate rewrites a Chinese date as YYYY-M-D, the year now's when it
// is left out; anything else comes back as it was.
func chineseDate(s string, now time.Time) string {
	m := chineseDay.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	year := m[1]
	if year == "" {
		year = strconv.Itoa(now.Year())
	}
	return year + "-" + m[2] + "-" + m[3]
}

// chineseNumerals are the numerals of quarters and weekdays.
var chineseNumerals = map[string]string{"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "日": "7", "天": "7"}

// chinesePeriods rewrite the Chinese forms of a period (upper-cased, as
// ParsePeriod reads it) as the canonical ones, with the number of digits
// each wants.
var chinesePeriods = []struct {
	re     *regexp.Regexp
	format string
}{
	{regexp.MustCompile(`^(\d{4})年度?$`), "%d"},
	{regexp.MustCompile(`^(\d{4})年?-?Q(\d)$`), "%d-Q%d"},
	{regexp.MustCompile(`^(\d{4})年第?([1-4一二三四])季度?$`), "%d-Q%d"},
	{regexp.MustCompile(`^(\d{4})年(\d{1,2})月份?$`), "%d-%02d"},
	{regexp.MustCompile(`^(\d{4})年第(\d{1,2})周$`), "%d-W%02d"},
}

// chinesePeriod rewrites 2026年, 2026年第4季度, 2026年Q4, 2026Q4, 2026年12月
// and 2026年第48周 as 2026, 2026-Q4, 2026-12 and 2026-W48; anything else
// comes back as it was, for ParsePeriod to check.
func chinesePeriod(s string) string {
	for _, p := range chinesePeriods {
		if m := p.re.FindStringSubmatch(s); m != nil {
			return fmt.Sprintf(p.format, numbers(m[1:])...)
		}
	}
	return s
}

// numbers reads the numbers a pattern matched, Chinese numerals included;
// every pattern matches digits or a numeral.
func numbers(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		if d, ok := chineseNumerals[s]; ok {
			s = d
		}
		out[i], _ = strconv.Atoi(s)
	}
	return out
}

// unitLetters rewrites the Chinese units of ages and durations as the
// letters Since and Duration read: 7天 is 7d, 1小时30分钟 is 1h30m.
var unitLetters = strings.NewReplacer("个小时", "h", "小时", "h", "个钟头", "h", "钟头", "h",
	"分钟", "m", "分", "m", "个星期", "w", "星期", "w", "周", "w", "天", "d")

// chineseEvery rewrites the Chinese forms of a recurrence (lower-cased,
// as ParseEvery reads it) as the English ones.
var chineseEvery = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`^(?:每天|每日)\s*`), "daily "},
	{regexp.MustCompile(`^(?:每个)?工作日\s*`), "workdays "},
	{regexp.MustCompile(`^每(?:周|星期)([一二三四五六日天])\s*`), "weekly $1 "},
	{regexp.MustCompile(`^每月(\d{1,2})[日号]\s*`), "monthly $1 "},
	{regexp.MustCompile(`^每月(?:最后一天|底|末)\s*`), "monthly last "},
}

// weekdayNumbers name the weekdays by their Chinese numerals, for weekly
// recurrences.
var weekdayNumbers = strings.NewReplacer("weekly 一", "weekly mon", "weekly 二", "weekly tue", "weekly 三", "weekly wed",
	"weekly 四", "weekly thu", "weekly 五", "weekly fri", "weekly 六", "weekly sat", "weekly 日", "weekly sun", "weekly 天", "weekly sun")

// everyInEnglish rewrites 每天 18:00, 工作日 18:00, 每周五 18:00, 每月1日
// 09:00 and 每月最后一天 18:00 as daily, workdays, weekly fri, monthly 1 and
// monthly last; anything else comes back as it was.
func everyInEnglish(s string) string {
	for _, e := range chineseEvery {
		if e.re.MatchString(s) {
			return weekdayNumbers.Replace(e.re.ReplaceAllString(s, e.with))
		}
	}
	return s
}
