// Package slo judges a service-level objective from daily good and total
// counts: attainment over a rolling period, the error budget left, and the
// burn rates of Google's SRE workbook multi-window alerting, scaled to
// daily data.
//
// A burn rate is the pace at which bad events spend the budget: 1 spends
// exactly the budget over the period, 10 spends it in a tenth of it.
//
// Scaling to daily data. The workbook derives each threshold from a share of
// a 30-day budget spent within the alert's window: 14.4 is 2 % in 1 hour,
// 6 is 5 % in 6 hours (threshold = share × period ÷ window). Daily counts
// cannot see an hour, so the windows here are days (1 and 7 by default).
// We keep the workbook's pace, the share of budget spent per hour of window,
// which leaves the thresholds depending only on the period:
//
//	fast = 2 % × 24 h × PeriodDays      = 14.4 × PeriodDays ÷ 30  (13.44 for 28 days)
//	slow = 5 % ÷ 6 h × 24 h × PeriodDays =  6   × PeriodDays ÷ 30  (5.6 for 28 days)
//
// What daily data costs is latency, not sensitivity: a fast burn shows a day
// after it starts, not an hour. The fast alert looks at the short window
// alone (a day is already longer than the workbook's long fast window, and
// nothing shorter exists); it fires like a rollback trigger. The slow alert
// is multi-window: the long window must burn at SlowBurn or more (the burn
// is sustained) and so must the short one (it is still going on).
package slo
