package importers

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"ringside/model"
)

// builtinSources are the profiles that ship with ringside; docs/metrics.md
// cites where each header format was published.
var builtinSources = sync.OnceValue(func() map[string]model.ImportSource {
	return map[string]model.ImportSource{
		// Microsoft Graph, copilotReportRoot: getMicrosoft365CopilotUserCountTrend
		// (CSV): Report Refresh Date, Report Date, <App> Enabled Users,
		// <App> Active Users…, Report Period.
		"m365-copilot-trend": {
			Name: "m365-copilot-trend",
			Map:  copilotTrendMap(),
			Skip: []string{"Report Refresh Date", "Report Period"},
		},
		// Microsoft Graph, reportRoot: getTeamsUserActivityCounts (CSV):
		// Report Refresh Date, Report Date, Team Chat Messages, Private Chat
		// Messages, Calls, Meetings, Other Actions, Report Period.
		"m365-teams-activity-counts": {
			Name: "m365-teams-activity-counts",
			Map: map[string]string{"date": "Report Date", "teams_chat_messages": "Team Chat Messages", "teams_private_chat_messages": "Private Chat Messages",
				"teams_calls": "Calls", "teams_meetings": "Meetings", "teams_other_actions": "Other Actions"},
			Skip: []string{"Report Refresh Date", "Report Period"},
		},
		// Microsoft 365 Copilot usage, user detail (one row per licensed
		// user): Report Refresh Date, User Principal Name, Display Name, Last
		// Activity Date, <App> Copilot Last Activity Date…, Report Period. With
		// a ring map (--rings users.csv), the licensed users of each ring and
		// those active within the report period, as of the refresh date.
		"m365-copilot-user-detail": {
			Name:   "m365-copilot-user-detail",
			Map:    map[string]string{"date": "Report Refresh Date", "user": "User Principal Name", "period": "Report Period"},
			Count:  "copilot_enabled_users",
			Active: map[string]string{"copilot_active_users": "Last Activity Date"},
		},
	}
})

func copilotTrendMap() map[string]string {
	m := map[string]string{"date": "Report Date"}
	for _, app := range []string{"Any App", "Microsoft Teams", "Word", "PowerPoint", "Outlook", "Excel", "OneNote", "Loop", "Copilot Chat"} {
		key := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(app, "Microsoft "), " ", "_"))
		m["copilot_"+key+"_enabled_users"] = app + " Enabled Users"
		m["copilot_"+key+"_active_users"] = app + " Active Users"
	}
	return m
}

// BuiltinSource returns the built-in source of that name.
func BuiltinSource(name string) (model.ImportSource, bool) {
	s, ok := builtinSources()[strings.ToLower(strings.TrimSpace(name))]
	return s, ok
}

// SourceNames lists the built-in sources, sorted.
func SourceNames() []string {
	return slices.Sorted(maps.Keys(builtinSources()))
}
