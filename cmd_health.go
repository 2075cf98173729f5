package main

func cmdHealth(a *app, args []string) error {
	return usageErr("health is not available in this build yet")
}
