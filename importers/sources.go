package importers

import (
	"maps"
	"slices"
	"strings"
)

// Source is a named import profile: what --map, --skip and friends would
// say for one kind of export, so the export comes in as it is.
type Source struct {
	Name       string
	Doc        string            // where its header format is published
	Map        map[string]string // role or metric key → header
	Skip       []string
	DateFormat string
}

// Apply lays a source under the options given on the command line: a
// flag the user passed wins over the source's.
// A source's columns may be missing from a file (an older report
// version): its mappings and skips are soft.
func (s Source) Apply(o Options) Options {
	o.SoftMap = maps.Clone(s.Map)
	o.SoftSkip = slices.Clone(s.Skip)
	if o.DateFormat == "" {
		o.DateFormat = s.DateFormat
	}
	return o
}

// builtinSources are the profiles that ship with ringside; docs/metrics.md
// cites where each header format was published.
var builtinSources = map[string]Source{
	// Microsoft Graph, copilotReportRoot: getMicrosoft365CopilotUserCountTrend
	// (CSV): Report Refresh Date, Report Date, <App> Enabled Users,
	// <App> Active Users…, Report Period.
	"m365-copilot-trend": {
		Name: "m365-copilot-trend",
		Doc:  "https://learn.microsoft.com/microsoft-365-copilot/extensibility/api/admin-settings/reports/copilotreportroot-getmicrosoft365copilotusercounttrend",
		Map:  copilotTrendMap(),
		Skip: []string{"Report Refresh Date", "Report Period"},
	},
	// Microsoft Graph, reportRoot: getTeamsUserActivityCounts (CSV):
	// Report Refresh Date, Report Date, Team Chat Messages, Private Chat
	// Messages, Calls, Meetings, Other Actions, Report Period.
	"m365-teams-activity-counts": {
		Name: "m365-teams-activity-counts",
		Doc:  "https://learn.microsoft.com/graph/api/reportroot-getteamsuseractivitycounts",
		Map: map[string]string{"date": "Report Date", "teams_chat_messages": "Team Chat Messages", "teams_private_chat_messages": "Private Chat Messages",
			"teams_calls": "Calls", "teams_meetings": "Meetings", "teams_other_actions": "Other Actions"},
		Skip: []string{"Report Refresh Date", "Report Period"},
	},
}

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
func BuiltinSource(name string) (Source, bool) {
	s, ok := builtinSources[strings.ToLower(strings.TrimSpace(name))]
	return s, ok
}

// SourceNames lists the built-in sources, sorted.
func SourceNames() []string {
	return slices.Sorted(maps.Keys(builtinSources))
}
