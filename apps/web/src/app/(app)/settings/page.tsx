import { redirect } from "next/navigation";

/** /settings opens the team's members (the first of the settings pages). */
export default function SettingsPage() {
  redirect("/settings/team");
}
