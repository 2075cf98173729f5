package main

func cmdImport(a *app, args []string) error {
	return usageErr("import metrics is not available in this build yet")
}
