// Whether the notifications panel is open: the bell toggles it, `g n` opens it from anywhere.
import { createStore } from "../../ui/store";

export const notificationsOpen = createStore(false);
export const openNotifications = () => notificationsOpen.set(true);
export const closeNotifications = () => notificationsOpen.set(false);
