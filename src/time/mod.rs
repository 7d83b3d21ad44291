//! Calendar dates, and date expressions in text resolved against the
//! document date.

mod tag;

pub(crate) use tag::{tag_dates, DateMention, DateWords};

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind};

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts, or `None` if there is no such day.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(-9999..=9999).contains(&year) {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days since 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(i32::try_from(y).ok()?, m as u32, d as u32)
    }

    /// The date `n` days later (earlier for negative `n`).
    pub fn add_days(&self, n: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as u32
    }
}

/// Whether `year` is a leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in a month (0 for an invalid month).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl FromStr for Date {
    type Err = Error;

    /// Parses `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, Error> {
        let bad = || {
            Error::new(
                ErrorKind::Date,
                format!("invalid date {s:?}: expected YYYY-MM-DD"),
            )
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, Error> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y as i32, m, d)
            .ok_or_else(|| Error::new(ErrorKind::Date, format!("invalid date {s:?}: no such day")))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Years 0 to 9999 (all of the news) are written digit by digit:
        // every date value of every document goes through here, and the
        // padded integer formatting cost ten times as much.
        if let Ok(year @ 0..=9999) = u32::try_from(self.year) {
            let digit = |n: u32| b'0' + (n % 10) as u8;
            let (m, d) = (u32::from(self.month), u32::from(self.day));
            let iso = [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                b'-',
                digit(m / 10),
                digit(m),
                b'-',
                digit(d / 10),
                digit(d),
            ];
            // ASCII digits and dashes.
            return f.write_str(std::str::from_utf8(&iso).map_err(|_| fmt::Error)?);
        }
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_every_year_as_iso() {
        for year in [-9999, -12, -1, 0, 7, 99, 999, 1000, 2025, 9999] {
            for (month, day) in [(1, 1), (2, 28), (9, 30), (10, 5), (12, 31)] {
                let d = Date::new(year, month, day).unwrap();
                let want = format!("{year:04}-{month:02}-{day:02}");
                assert_eq!(d.to_string(), want);
            }
        }
    }

    #[test]
    fn parses_and_prints() {
        let d: Date = "2025-03-14".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2025, 3, 14));
        assert_eq!(d.to_string(), "2025-03-14");
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-3-14",
            "20250314",
            "",
            "2025-03-1x",
            "२०२५-03-14",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad:?} should not parse");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn epoch_days_round_trip() {
        let table = [
            ("1970-01-01", 0, 3),
            ("2025-03-20", 20167, 3),
            ("2000-02-29", 11016, 1),
        ];
        for (s, days, wd) in table {
            let d: Date = s.parse().unwrap();
            assert_eq!(d.days_since_epoch(), days, "{s}");
            assert_eq!(d.weekday(), wd, "{s}");
            assert_eq!(Date::from_days_since_epoch(days), Some(d));
        }
        let d: Date = "2024-12-31".parse().unwrap();
        assert_eq!(d.add_days(1).unwrap().to_string(), "2025-01-01");
    }
}
