package main

func cmdPayback(a *app, args []string) error {
	return usageErr("payback is not available in this build yet")
}

func cmdTriage(a *app, args []string) error {
	return usageErr("triage is not available in this build yet")
}

func cmdGate(a *app, args []string) error {
	return usageErr("gate is not available in this build yet")
}

func cmdReview(a *app, args []string) error {
	return usageErr("review is not available in this build yet")
}

func cmdExportChecklist(a *app, args []string) error {
	return usageErr("export checklist is not available in this build yet")
}

func cmdSignoff(a *app, args []string) error {
	return usageErr("signoff is not available in this build yet")
}
