// Whether the signed-in person may change settings (admins). Others get read-only sections.
import { createContext, useContext } from "react";

export const CanEditContext = createContext(false);
export const useCanEdit = () => useContext(CanEditContext);
