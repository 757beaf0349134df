# syntax=docker/dockerfile:1
# The one image of every role (POS_ROLE=all|api|projector|worker; docker-compose.yml).

# Dependencies: better-sqlite3 and argon2 compile from source when no prebuilt binary is at hand,
# so this stage has the build tools; the final image does not.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=4001
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY web ./web
RUN mkdir -p /data && chown node:node /data
# The image's own unprivileged user.
USER node
EXPOSE 4001
VOLUME ["/data"]
# As `npm start`: tsx (a runtime dependency) runs the TypeScript sources directly, so the image
# runs exactly the code the tests ran; the role comes from POS_ROLE.
CMD ["node", "--max-semi-space-size=16", "--single-threaded-gc", "--import", "tsx", "src/main.ts"]
