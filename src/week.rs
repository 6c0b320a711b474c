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

impl IsoWeek {
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| IsoWeek { year, week })
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
    pub fn resolve(self, today: NaiveDate) -> IsoWeek {
        match self {
            WeekSpec::Exact(w) => w,
            WeekSpec::This => IsoWeek::of(today),
            // Today's week is never complete (today is not over), so the last complete week
            // is the one a week ago.
            WeekSpec::Last => IsoWeek::of(today - Days::new(7)),
        }
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
            let year: i32 = y
                .trim_end_matches('-')
                .parse()
                .map_err(|_| format!("'{s}' is not a week: expected YYYY-Www, e.g. 2024-W22"))?;
            let week: u32 = w
                .parse()
                .map_err(|_| format!("'{s}' is not a week: expected YYYY-Www, e.g. 2024-W22"))?;
            return IsoWeek::new(year, week)
                .map(WeekSpec::Exact)
                .ok_or_else(|| format!("{year} has no ISO week {week}"));
        }
        if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(WeekSpec::Exact(IsoWeek::of(date)));
        }
        Err(format!(
            "'{s}' is not a week: use 2024-W22, a date such as 2024-05-28, 'this' or 'last'"
        ))
    }
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
            assert_eq!(WeekSpec::Last.resolve(today).to_string(), "2024-W22");
        }
        assert_eq!(
            WeekSpec::This.resolve(d(2024, 6, 9)).to_string(),
            "2024-W23"
        );
    }

    #[test]
    fn week_bounds() {
        let w = IsoWeek::new(2024, 22).unwrap();
        assert_eq!(w.monday(), d(2024, 5, 27));
        assert_eq!(w.sunday(), d(2024, 6, 2));
        assert!(w.contains(d(2024, 6, 2)) && !w.contains(d(2024, 6, 3)));
    }
}
