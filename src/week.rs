//! ISO weeks: the `--week` argument checked once at the edge and turned into a typed value.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// An ISO 8601 week: the year is the ISO week-numbering year, not the calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

/// The years digest works with, for `--week`, `--today` and the weeks they name. Outside
/// them date arithmetic and mail headers (RFC 5322 dates stop at 9999) would overflow.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9998;

impl IsoWeek {
    /// The week, if it exists and lies (with the Monday after it, the mail's date) in
    /// [`YEARS`].
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        if !YEARS.contains(&year) {
            return None;
        }
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        let next = monday.checked_add_days(Days::new(7))?;
        YEARS
            .contains(&next.year())
            .then_some(IsoWeek { year, week })
    }

    /// The week a date falls in (its year taken from `iso_week()`, never `year()`).
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn week(self) -> u32 {
        self.week
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).expect("checked in new")
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday() + Days::new(6)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        IsoWeek::of(date) == self
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// What `--week` names: a week, or a week relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekSpec {
    Exact(IsoWeek),
    /// The week that contains today.
    This,
    /// The last complete week before today.
    Last,
}

impl WeekSpec {
    /// The week named, or why it cannot be used (a `today` near the ends of [`YEARS`]).
    pub fn resolve(self, today: NaiveDate) -> Result<IsoWeek, String> {
        let date = match self {
            WeekSpec::Exact(w) => return Ok(w),
            WeekSpec::This => Some(today),
            // Today's week is never complete (today is not over), so the last complete week
            // is the one a week ago.
            WeekSpec::Last => today.checked_sub_days(Days::new(7)),
        };
        date.and_then(|d| {
            let w = d.iso_week();
            IsoWeek::new(w.year(), w.week())
        })
        .ok_or_else(|| {
            format!(
                "--today {today}: that week is outside the years {}-{} digest works with",
                YEARS.start(),
                YEARS.end()
            )
        })
    }
}

impl FromStr for WeekSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<WeekSpec, String> {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "this" => return Ok(WeekSpec::This),
            "last" => return Ok(WeekSpec::Last),
            _ => {}
        }
        if let Some((y, w)) = s.split_once(['W', 'w']) {
            let not_a_week = || format!("'{s}' is not a week: expected YYYY-Www, e.g. 2024-W22");
            let year: i32 = y.trim_end_matches('-').parse().map_err(|_| not_a_week())?;
            let week: u32 = w.parse().map_err(|_| not_a_week())?;
            check_year(year, s)?;
            return IsoWeek::new(year, week).map(WeekSpec::Exact).ok_or_else(|| {
                if NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).is_some() {
                    format!("{s}: the week after it is in 9999, past the years 1900-9998 digest works with")
                } else {
                    format!("{year} has no ISO week {week}")
                }
            });
        }
        if looks_like_date(s) {
            let date = parse_date(s)?;
            let w = date.iso_week();
            return IsoWeek::new(w.year(), w.week())
                .map(WeekSpec::Exact)
                .ok_or_else(|| format!("{s}: its week is outside the years digest works with"));
        }
        Err(format!(
            "'{s}' is not a week: use 2024-W22, a date such as 2024-05-28, 'this' or 'last'"
        ))
    }
}

fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn check_year(year: i32, s: &str) -> Result<(), String> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(format!(
            "{s}: the year {year} is outside the years {}-{} digest works with",
            YEARS.start(),
            YEARS.end()
        ))
    }
}

/// A `YYYY-MM-DD` date (`--today`, or `--week` given as a date), with a message that says
/// what is wrong: not a date at all, a month or day that does not exist, or a year outside
/// [`YEARS`].
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let bad_form = || format!("'{s}' is not a date: expected YYYY-MM-DD, e.g. 2024-05-28");
    if let Some(unsigned) = s.strip_prefix(['+', '-'])
        && looks_like_date(unsigned)
    {
        return Err(format!(
            "{s}: the year is outside the years {}-{} digest works with",
            YEARS.start(),
            YEARS.end()
        ));
    }
    if !looks_like_date(s) {
        return Err(bad_form());
    }
    let mut parts = s.split('-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad_form());
    };
    let year = i32::try_from(y).map_err(|_| bad_form())?;
    check_year(year, s)?;
    if !(1..=12).contains(&m) {
        return Err(format!("{s}: there is no month {m} (months are 1 to 12)"));
    }
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| {
        let first = NaiveDate::from_ymd_opt(year, m, 1).expect("valid month");
        let days = first
            .checked_add_months(chrono::Months::new(1))
            .map_or(31, |next| (next - first).num_days());
        format!(
            "{s}: there is no day {d} in {} (it has {days} days)",
            first.format("%B %Y")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_weeks_dates_and_relative_names() {
        let w22 = IsoWeek::new(2024, 22).unwrap();
        assert_eq!("2024-W22".parse::<WeekSpec>(), Ok(WeekSpec::Exact(w22)));
        assert_eq!("2024-05-28".parse::<WeekSpec>(), Ok(WeekSpec::Exact(w22)));
        assert_eq!("last".parse::<WeekSpec>(), Ok(WeekSpec::Last));
        assert_eq!("THIS".parse::<WeekSpec>(), Ok(WeekSpec::This));
        assert!("2024-W54".parse::<WeekSpec>().is_err());
        assert!("2021-W53".parse::<WeekSpec>().is_err());
        assert!("2020-W53".parse::<WeekSpec>().is_ok());
        assert!("2024-13-01".parse::<WeekSpec>().is_err());
        assert!("soon".parse::<WeekSpec>().is_err());
    }

    #[test]
    fn iso_year_differs_from_calendar_year_at_new_year() {
        // 2024-12-30 is in 2025-W01; 2021-01-01 is in 2020-W53.
        assert_eq!(IsoWeek::of(d(2024, 12, 30)).to_string(), "2025-W01");
        assert_eq!(IsoWeek::of(d(2021, 1, 1)).to_string(), "2020-W53");
    }

    #[test]
    fn last_is_the_previous_complete_week() {
        // Monday, Wednesday and Sunday of 2024-W23 all give 2024-W22.
        for today in [d(2024, 6, 3), d(2024, 6, 5), d(2024, 6, 9)] {
            assert_eq!(
                WeekSpec::Last.resolve(today).unwrap().to_string(),
                "2024-W22"
            );
        }
        assert_eq!(
            WeekSpec::This.resolve(d(2024, 6, 9)).unwrap().to_string(),
            "2024-W23"
        );
    }

    #[test]
    fn years_outside_the_range_and_impossible_dates_are_refused_with_a_reason() {
        for (s, want) in [
            ("9999-W52", "outside the years"),
            ("262143-W01", "outside the years"),
            ("1899-W10", "outside the years"),
            ("2024-02-30", "no day 30 in February 2024 (it has 29 days)"),
            ("2023-02-29", "it has 28 days"),
            ("2024-13-01", "no month 13"),
        ] {
            let err = s.parse::<WeekSpec>().unwrap_err();
            assert!(err.contains(want), "{s}: {err}");
        }
        assert!(parse_date("+262142-12-31").is_err());
        assert!(parse_date("-262143-01-01").is_err());
        assert_eq!(parse_date("2024-02-29"), Ok(d(2024, 2, 29)));
        // The last weeks whose Monday-after is still in range, and the first that is not.
        assert!(WeekSpec::This.resolve(d(9998, 12, 20)).is_ok());
        assert!(WeekSpec::This.resolve(d(9998, 12, 31)).is_err());
        assert!(WeekSpec::Last.resolve(d(1900, 1, 3)).is_err());
    }

    #[test]
    fn week_bounds() {
        let w = IsoWeek::new(2024, 22).unwrap();
        assert_eq!(w.monday(), d(2024, 5, 27));
        assert_eq!(w.sunday(), d(2024, 6, 2));
        assert!(w.contains(d(2024, 6, 2)) && !w.contains(d(2024, 6, 3)));
    }
}
